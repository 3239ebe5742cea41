package sentemb.bench;

import java.util.ArrayList;
import java.util.List;
import sentemb.train.TokenizedBatch;

/**
 * Peak RSS of one full-fine-tuning step as the global batch grows, with GradCache
 * micro-batching (activations of one micro-batch at a time: flat) and without (activations of
 * the whole batch: growing). GradCache runs first so freed memory the allocator keeps from the
 * larger direct steps cannot mask its peaks.
 */
final class GradCacheMemoryBench {
    private GradCacheMemoryBench() {}

    static List<BenchRow> run(BenchShape shape, List<TokenizedBatch> batches, BenchOptions o) {
        List<BenchRow> rows = new ArrayList<>();
        for (int micro : new int[] {o.memoryMicro(), 0}) {
            String variant = micro > 0 ? "gradcache micro=" + micro : "direct";
            try (TrainingRig rig = new TrainingRig(shape, TrainMode.FULL, o.loraRank(), o.loraAlpha(), true, micro, o.seed())) {
                rig.step(batches.get(0)); // optimizer state and first-call allocations before measuring
                for (TokenizedBatch batch : batches) {
                    boolean resettable = ProcessMemory.startCase();
                    double before = ProcessMemory.rss().currentMb();
                    long t0 = System.nanoTime();
                    rig.step(batch);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    ProcessMemory.Rss rss = ProcessMemory.rss();
                    rows.add(new BenchRow("memory", shape.name(), "global batch " + batch.size(), variant)
                            .with("batch", batch.size()).with("sequences", 3 * batch.size())
                            .with("tokens", batch.tokenCount()).with("median_s", seconds).with("repeats", 1)
                            .with("throughput", batch.size() / seconds).with("unit", "triplets/s")
                            .with("peak_rss_mb", rss.peakMb()).with("rss_mb", before)
                            .with("heap_mb", ProcessMemory.heapUsedMb())
                            .with("note", resettable
                                    ? String.format(java.util.Locale.ROOT, "step peak %.0f MB above the RSS before it",
                                            rss.peakMb() - before)
                                    : "peak RSS is process-wide (VmHWM not resettable)"));
                }
            }
        }
        return rows;
    }
}
