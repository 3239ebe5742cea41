package sentemb.bench;

import java.util.ArrayList;
import java.util.List;
import sentemb.train.TokenizedBatch;

/**
 * Training throughput (triplets/s) of one shape: forward of anchors, positives and hard
 * negatives, InfoNCE, backward, AdamW, for LoRA q,v / LoRA all six / full fine-tuning, with
 * the template prefix shared or not. One replica, no micro-batching (the direct path).
 */
final class TrainingBench {
    private TrainingBench() {}

    static final List<Boolean> SHARE_VARIANTS = List.of(false, true);

    static List<BenchRow> run(BenchShape shape, TokenizedBatch batch, BenchOptions o, double peak) {
        List<BenchRow> rows = new ArrayList<>();
        List<int[]> sequences = new ArrayList<>(batch.anchors());
        sequences.addAll(batch.positives());
        sequences.addAll(batch.negatives());
        long padded = (long) sequences.size() * sequences.stream().mapToInt(s -> s.length).max().orElseThrow();
        for (TrainMode mode : TrainMode.values()) {
            for (boolean share : SHARE_VARIANTS) {
                boolean resettable = ProcessMemory.startCase();
                try (TrainingRig rig = new TrainingRig(shape, mode, o.loraRank(), o.loraAlpha(), share, 0, o.seed())) {
                    Timing t = Timing.measure(o.warmup(), o.trainRepeats(), () -> rig.step(batch));
                    ProcessMemory.Rss rss = ProcessMemory.rss();
                    FlopCount counter = new FlopCount(shape.config(), rig.lora());
                    double flops = FlopCount.training(counter.embedBatch(sequences, share, true), mode.lora());
                    rows.add(new BenchRow("train", shape.name(), mode.key, share ? "share" : "no-share")
                            .with("batch", batch.size()).with("sequences", sequences.size())
                            .with("tokens", batch.tokenCount()).with("padded_tokens", padded).withTiming(t)
                            .with("throughput", batch.size() / t.median()).with("unit", "triplets/s")
                            .withFlops(flops, t.median(), peak).with("peak_rss_mb", rss.peakMb())
                            .with("rss_mb", rss.currentMb()).with("heap_mb", ProcessMemory.heapUsedMb())
                            .with("note", resettable ? null : "peak RSS is process-wide (VmHWM not resettable)"));
                }
            }
        }
        return rows;
    }
}
