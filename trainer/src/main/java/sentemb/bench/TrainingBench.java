package sentemb.bench;

import java.util.ArrayList;
import java.util.List;
import sentemb.model.SequenceEmbedder;
import sentemb.train.TokenizedBatch;

/**
 * Training throughput (triplets/s) of one shape: forward of anchors, positives and hard
 * negatives, InfoNCE, backward, AdamW, for LoRA q,v / LoRA all six / full fine-tuning, in each
 * {@link EmbedVariant} (padded as Hugging Face does, each lever alone, the default). One
 * replica, no micro-batching (the direct path).
 */
final class TrainingBench {
    private TrainingBench() {}

    static List<BenchRow> run(BenchShape shape, TokenizedBatch batch, BenchOptions o, double peak) {
        List<BenchRow> rows = new ArrayList<>();
        List<int[]> sequences = sequences(batch);
        for (TrainMode mode : TrainMode.values()) {
            for (EmbedVariant variant : EmbedVariant.values()) {
                boolean resettable = ProcessMemory.startCase();
                try (TrainingRig rig = new TrainingRig(shape, mode, o.loraRank(), o.loraAlpha(), variant, 0, o.seed())) {
                    Timing t = Timing.measure(o.warmup(), o.trainRepeats(), () -> rig.step(batch));
                    ProcessMemory.Rss rss = ProcessMemory.rss();
                    SequenceEmbedder.Plan plan = variant.embedder(rig.model()).plan(sequences);
                    FlopCount counter = new FlopCount(shape.config(), rig.lora());
                    double flops = FlopCount.training(counter.embedPlan(sequences, plan, true), mode.lora());
                    rows.add(new BenchRow("train", shape.name(), mode.key, variant.key)
                            .with("batch", batch.size()).with("sequences", sequences.size())
                            .with("tokens", batch.tokenCount()).with("padded_tokens", plan.paddedTokens(sequences))
                            .with("forwards", 1)
                            .withTiming(t).with("throughput", batch.size() / t.median()).with("unit", "triplets/s")
                            .withFlops(flops, t.median(), peak).with("peak_rss_mb", rss.peakMb())
                            .with("rss_mb", rss.currentMb()).with("heap_mb", ProcessMemory.heapUsedMb())
                            .with("note", resettable ? null : "peak RSS is process-wide (VmHWM not resettable)"));
                }
            }
        }
        return rows;
    }

    /** Anchors, positives, negatives: the order the step embeds them in. */
    static List<int[]> sequences(TokenizedBatch batch) {
        List<int[]> sequences = new ArrayList<>(batch.anchors());
        sequences.addAll(batch.positives());
        sequences.addAll(batch.negatives());
        return sequences;
    }
}
