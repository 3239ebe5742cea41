package sentemb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.engine.NativeHeap;
import sentemb.train.TokenizedBatch;

/**
 * Many small training steps (tiny shape, full fine-tuning, AdamW) to show that nothing
 * accumulates: RSS, heap and the number of arrays the model's manager tree holds are compared
 * between the first and the last window of steps. Batches cycle through several shapes, as
 * dynamic padding makes them. The flatness check: after the first window (step 100 of a long
 * run), the largest RSS may exceed the smallest by at most {@link #FLAT_TOLERANCE}. After each
 * step it calls {@link NativeHeap#afterStep} as the trainer does ({@code --lifetime-trim-every},
 * by default the recipe's {@code memory.trim-every}), so the RSS it reports is training's.
 */
final class LifetimeBench {
    /** Allowed spread of RSS after the first window: max ≤ (1 + this) · min. */
    static final double FLAT_TOLERANCE = 0.05;
    private static final Logger LOG = LoggerFactory.getLogger(LifetimeBench.class);

    private LifetimeBench() {}

    static List<BenchRow> run(List<TokenizedBatch> batches, BenchOptions o) {
        BenchShape shape = BenchShape.TINY;
        int steps = o.lifetimeSteps();
        int trimEvery = o.lifetimeTrimEvery();
        int window = Math.max(1, Math.min(100, steps / 2));
        double[] rss = new double[steps];
        double[] heap = new double[steps];
        double[] committed = new double[steps];
        double[] seconds = new double[steps];
        List<BenchRow> rows = new ArrayList<>();
        NativeHeap nativeHeap = NativeHeap.system();
        ProcessMemory.releaseFreedMemory(); // start from what is live, not from what earlier sections left
        try (TrainingRig rig = new TrainingRig(shape, TrainMode.FULL, o.loraRank(), o.loraAlpha(), true, 0, o.seed())) {
            int arraysBefore = ProcessMemory.managedArrays(rig.model().manager());
            int arraysFirst = -1;
            double liveFirst = Double.NaN;
            double trimSeconds = 0;
            int trims = 0;
            double[] firstTrim = {Double.NaN, Double.NaN}; // RSS just before and just after the first trim
            double[] lastTrim = {Double.NaN, Double.NaN};
            // peak RSS (VmHWM) of each window of steps: the memory the run needs, within-step peaks included
            double[] windowPeak = new double[steps / window];
            boolean peaksPerWindow = ProcessMemory.resetPeak();
            for (int i = 0; i < steps; i++) {
                long t0 = System.nanoTime();
                rig.step(batches.get(i % batches.size()));
                long t1 = System.nanoTime();
                double rssBeforeHook = ProcessMemory.rss().currentMb();
                long t2 = System.nanoTime();
                boolean trimmed = nativeHeap.afterStep(i + 1, trimEvery); // what Trainer does after each step
                long t3 = System.nanoTime();
                seconds[i] = (t1 - t0 + t3 - t2) / 1e9;
                rss[i] = ProcessMemory.rss().currentMb();
                heap[i] = ProcessMemory.heapUsedMb();
                committed[i] = ProcessMemory.heapCommittedMb();
                if (trimmed) {
                    trims++;
                    trimSeconds += (t3 - t2) / 1e9;
                    lastTrim = new double[] {rssBeforeHook, rss[i]};
                    firstTrim = trims == 1 ? lastTrim : firstTrim;
                }
                if ((i + 1) % window == 0 && (i + 1) / window <= windowPeak.length) {
                    windowPeak[(i + 1) / window - 1] = ProcessMemory.rss().peakMb();
                    peaksPerWindow &= ProcessMemory.resetPeak();
                }
                if (i == window - 1) {
                    arraysFirst = ProcessMemory.managedArrays(rig.model().manager());
                    liveFirst = ProcessMemory.liveHeapMb();
                }
            }
            int arraysLast = ProcessMemory.managedArrays(rig.model().manager());
            double liveLast = ProcessMemory.liveHeapMb();
            ProcessMemory.releaseFreedMemory();
            double trimmedEnd = ProcessMemory.rss().currentMb();
            rows.add(window(shape, "steps 1-" + window, 0, window, rss, heap, seconds, arraysFirst, liveFirst, o)
                    .with("note", String.format(Locale.ROOT,
                            "%d arrays before the first step; heap_mb = live heap after GC at the window's end;"
                                    + " mean used heap %.1f MB", arraysBefore, mean(heap, 0, window))));
            double growth = (arraysLast - arraysFirst) / (double) Math.max(1, steps - window);
            Flatness flat = Flatness.of(rss, window, steps);
            String peaks = peaksPerWindow && windowPeak.length >= 2
                    ? Flatness.of(windowPeak, 1, windowPeak.length)
                            .describe("peak RSS (VmHWM) of each " + window + " steps after step " + window)
                            + "; by tenths " + tenths(windowPeak)
                    : "peak RSS per window: not measured (needs /proc/self/clear_refs and two windows)";
            String trimming = trims == 0
                    ? String.format(Locale.ROOT, "malloc_trim every %d steps: none in the run", trimEvery)
                    : String.format(Locale.ROOT, "malloc_trim every %d steps (%s): %d calls, %.1f ms each on average,"
                            + " RSS before -> after the first %.1f -> %.1f MB, the last %.1f -> %.1f MB", trimEvery,
                            nativeHeap.available() ? "glibc" : "a no-op here", trims, 1e3 * trimSeconds / trims,
                            firstTrim[0], firstTrim[1], lastTrim[0], lastTrim[1]);
            String meanStep = String.format(Locale.ROOT, "mean step %.1f ms", 1e3 * mean(seconds, 0, steps));
            LOG.info("lifetime: {}; {}; {}; {}; RSS by tenths {}; committed heap by tenths {}", flat.describe(window), peaks,
                    trimming, meanStep, tenths(rss), tenths(committed));
            rows.add(window(shape, "steps " + (steps - window + 1) + "-" + steps, steps - window, steps, rss, heap,
                    seconds, arraysLast, liveLast, o)
                    .with("note", String.format(Locale.ROOT,
                            "arrays %+d since step %d (%.3f per step); RSS %+.1f MB, live heap %+.1f MB vs first window;"
                                    + " %s; %s; RSS after a final GC and malloc_trim %.1f MB; mean used heap %.1f MB;"
                                    + " RSS by tenths: %s",
                            arraysLast - arraysFirst, window, growth,
                            mean(rss, steps - window, steps) - mean(rss, 0, window), liveLast - liveFirst,
                            trimming, meanStep, trimmedEnd, mean(heap, steps - window, steps), tenths(rss))
                            + String.format(Locale.ROOT, "; committed heap by tenths: %s; %s; %s", tenths(committed),
                            flat.describe(window), peaks)));
        }
        return rows;
    }

    private static BenchRow window(BenchShape shape, String name, int from, int to, double[] rss, double[] heap,
            double[] seconds, int arrays, double liveHeap, BenchOptions o) {
        List<Double> s = new ArrayList<>();
        for (int i = from; i < to; i++) {
            s.add(seconds[i]);
        }
        Timing t = Timing.ofWall(s);
        return new BenchRow("lifetime", shape.name(), name, "full")
                .with("batch", o.lifetimeBatch()).withTiming(t).with("throughput", o.lifetimeBatch() / t.median())
                .with("unit", "triplets/s").with("rss_mb", mean(rss, from, to)).with("heap_mb", liveHeap)
                .with("managed_arrays", arrays);
    }

    /** Smallest and largest RSS of steps {@code [from, to)}, and whether they are within tolerance. */
    record Flatness(double min, double max) {
        static Flatness of(double[] rss, int from, int to) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = from; i < to; i++) {
                lo = Math.min(lo, rss[i]);
                hi = Math.max(hi, rss[i]);
            }
            return new Flatness(lo, hi);
        }

        boolean flat() {
            return max <= (1 + FLAT_TOLERANCE) * min;
        }

        String describe(int afterStep) {
            return describe("RSS after step " + afterStep);
        }

        String describe(String what) {
            return String.format(Locale.ROOT, "%s: min %.1f MB, max %.1f MB (%+.1f%%): %s", what, min, max,
                    100 * (max / min - 1), flat() ? "flat within 5% (pass)" : "NOT flat within 5% (fail)");
        }
    }

    /** Mean of each tenth of the run (RSS or heap), to show a plateau or a trend. */
    private static String tenths(double[] rss) {
        StringBuilder sb = new StringBuilder();
        int n = rss.length;
        for (int k = 0; k < 10 && n >= 10; k++) {
            sb.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", mean(rss, k * n / 10, (k + 1) * n / 10)));
        }
        return sb.toString();
    }

    static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }
}
