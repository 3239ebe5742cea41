package sentemb.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Wall-clock seconds of repeated runs of one piece of work, after untimed warm-up runs, and
 * the CPU seconds the whole process used meanwhile (all threads). On a machine shared with
 * other work, CPU / wall shows how many cores the run actually got.
 *
 * @param seconds wall-clock seconds per repeat
 * @param cpuSeconds process CPU seconds per repeat (NaN where the JVM cannot say)
 */
record Timing(List<Double> seconds, List<Double> cpuSeconds) {

    Timing {
        if (seconds.isEmpty() || cpuSeconds.size() != seconds.size()) {
            throw new IllegalArgumentException("a timing needs at least one repeat, and one CPU time per repeat");
        }
        seconds = List.copyOf(seconds);
        cpuSeconds = List.copyOf(cpuSeconds);
    }

    /** Wall-clock times only (CPU time unknown). */
    static Timing ofWall(List<Double> seconds) {
        return new Timing(seconds, Collections.nCopies(seconds.size(), Double.NaN));
    }

    static Timing measure(int warmup, int repeats, Runnable work) {
        return interleaved(warmup, repeats, List.of(work)).get(0);
    }

    /**
     * Times several pieces of work with their repeats interleaved (A B A B ...), so a load that
     * drifts during the measurement affects each alike. Warm-up runs come first, per work.
     */
    static List<Timing> interleaved(int warmup, int repeats, List<Runnable> works) {
        if (warmup < 0 || repeats < 1) {
            throw new IllegalArgumentException("warmup must be >= 0 and repeats >= 1, got " + warmup + " and " + repeats);
        }
        for (Runnable w : works) {
            for (int i = 0; i < warmup; i++) {
                w.run();
            }
        }
        List<List<Double>> wall = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int k = 0; k < works.size(); k++) {
            wall.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        for (int i = 0; i < repeats; i++) {
            for (int k = 0; k < works.size(); k++) {
                double c0 = processCpuSeconds();
                long t0 = System.nanoTime();
                works.get(k).run();
                wall.get(k).add((System.nanoTime() - t0) / 1e9);
                cpu.get(k).add(processCpuSeconds() - c0);
            }
        }
        List<Timing> out = new ArrayList<>();
        for (int k = 0; k < works.size(); k++) {
            out.add(new Timing(wall.get(k), cpu.get(k)));
        }
        return out;
    }

    /** CPU seconds this process has used, all threads; NaN where the JVM does not report it. */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    /** The middle value; the mean of the two middle values for an even count. */
    double median() {
        return median(seconds);
    }

    /** Median CPU seconds per repeat (NaN when unknown). */
    double cpuMedian() {
        return median(cpuSeconds);
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    double min() {
        return Collections.min(seconds);
    }

    int repeats() {
        return seconds.size();
    }
}
