package sentemb.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import sentemb.model.SequenceEmbedder;
import sentemb.train.TokenizedBatch;

/**
 * Training throughput (triplets/s) of one shape: forward of anchors, positives and hard
 * negatives, InfoNCE, backward, AdamW, for LoRA q,v / LoRA all six / full fine-tuning, in each
 * {@link EmbedVariant}. One replica, no micro-batching (the direct path).
 *
 * <p>Per mode, two passes. First each variant alone, for its peak RSS (warm-up steps with the
 * high-water mark reset). Then the timing: every variant's rig and the PyTorch peer's case
 * (when there is one) are built side by side and run in rounds, one step each per round, the
 * order rotating from round to round, until at least {@code trainRepeats} rounds and {@code
 * trainMinSeconds} have passed. Steps of different engines and variants are seconds apart, so a
 * drifting machine affects them alike; each round's ratios are kept, and the rows report the
 * median step of every participant and the spread of the per-round ratios.
 */
final class TrainingBench {
    /** Rounds at most per case, however short its steps. */
    static final int MAX_ROUNDS = 200;
    static final String PEER_VARIANT = "pytorch-paired";

    private TrainingBench() {}

    static List<BenchRow> run(BenchShape shape, TokenizedBatch batch, BenchOptions o, double peak, PyTorchPeer peer) {
        List<BenchRow> rows = new ArrayList<>();
        List<int[]> sequences = sequences(batch);
        for (TrainMode mode : TrainMode.values()) {
            Map<EmbedVariant, ProcessMemory.Rss> rss = new EnumMap<>(EmbedVariant.class);
            Map<EmbedVariant, Boolean> resettable = new EnumMap<>(EmbedVariant.class);
            for (EmbedVariant variant : EmbedVariant.values()) {
                resettable.put(variant, ProcessMemory.startCase());
                try (TrainingRig rig = new TrainingRig(shape, mode, o.loraRank(), o.loraAlpha(), variant, 0, o.seed())) {
                    for (int i = 0; i < Math.max(1, o.warmup()); i++) {
                        rig.step(batch);
                    }
                    rss.put(variant, ProcessMemory.rss());
                }
            }
            List<EmbedVariant> variants = List.of(EmbedVariant.values());
            Rounds rounds = rounds(shape, mode, batch, o, variants.stream().map(EmbedVariant::levers).toList(), peer);
            for (EmbedVariant variant : variants) {
                Timing t = rounds.java.get(variant.ordinal());
                SequenceEmbedder.Plan plan = rounds.plans.get(variant.ordinal());
                FlopCount counter = new FlopCount(shape.config(), mode.loraConfig(o.loraRank(), o.loraAlpha()));
                double flops = FlopCount.training(
                        counter.embedPlan(sequences, plan, variant != EmbedVariant.HF), mode.lora());
                BenchRow row = new BenchRow("train", shape.name(), mode.key, variant.key)
                        .with("batch", batch.size()).with("sequences", sequences.size())
                        .with("tokens", batch.tokenCount()).with("padded_tokens", plan.paddedTokens(sequences))
                        .with("forwards", 1)
                        .withTiming(t).with("throughput", batch.size() / t.median()).with("unit", "triplets/s")
                        .withFlops(flops, t.median(), peak).with("peak_rss_mb", rss.get(variant).peakMb())
                        .with("rss_mb", rss.get(variant).currentMb()).with("heap_mb", ProcessMemory.heapUsedMb())
                        .with("note", resettable.get(variant) ? null : "peak RSS is process-wide (VmHWM not resettable)");
                if (variant == EmbedVariant.DEFAULT) {
                    Spread.of(rounds.java.get(EmbedVariant.HF.ordinal()), t).into(row, "hf");
                    Spread.of(rounds.java.get(EmbedVariant.NO_SHARE.ordinal()), t).into(row, "no_share");
                    if (rounds.peer != null) {
                        Spread.of(rounds.peer, t).into(row, "pytorch");
                    }
                }
                rows.add(row);
            }
            if (rounds.peer != null) {
                rows.add(new BenchRow("train", shape.name(), mode.key, PEER_VARIANT)
                        .with("batch", batch.size()).with("sequences", sequences.size())
                        .with("tokens", rounds.peerCase.tokens()).with("padded_tokens", rounds.peerCase.paddedTokens())
                        .with("forwards", 1).withTiming(rounds.peer)
                        .with("throughput", batch.size() / rounds.peer.median()).with("unit", "triplets/s")
                        .withFlops(rounds.peerCase.gflop() * 1e9, rounds.peer.median(), Double.NaN)
                        .with("peak_rss_mb", rounds.peerPeakRssMb)
                        .with("note", "PyTorch eager (scripts/bench_pytorch.py --serve), timed in the same rounds"));
            }
        }
        return rows;
    }

    /** The timed rounds of one case: per participant (rigs in order, then the peer), a step's wall and CPU seconds. */
    record Rounds(List<Timing> java, List<SequenceEmbedder.Plan> plans, Timing peer, PyTorchPeer.Case peerCase,
            double peerPeakRssMb) {}

    /**
     * Builds a rig per {@link Levers} (and the peer's case), then runs {@link PairedRounds} of one
     * step each until at least {@code trainRepeats} rounds and {@code trainMinSeconds}.
     */
    static Rounds rounds(BenchShape shape, TrainMode mode, TokenizedBatch batch, BenchOptions o, List<Levers> levers,
            PyTorchPeer peer) {
        List<TrainingRig> rigs = new ArrayList<>();
        try {
            for (Levers l : levers) {
                rigs.add(new TrainingRig(shape, mode, o.loraRank(), o.loraAlpha(), l, 0, o.seed()));
            }
            PyTorchPeer.Case peerCase = peer == null ? null : peer.begin(shape.name(), mode.key);
            for (TrainingRig rig : rigs) {
                rig.step(batch); // warm-up (the peer ran one in begin)
            }
            List<Runnable> steps = new ArrayList<>();
            for (TrainingRig rig : rigs) {
                steps.add(() -> rig.step(batch));
            }
            List<Timing> timed = PairedRounds.run(steps, peer, o.trainRepeats(), o.trainMinSeconds(), MAX_ROUNDS);
            List<SequenceEmbedder.Plan> plans = new ArrayList<>();
            List<int[]> sequences = sequences(batch);
            for (int k = 0; k < rigs.size(); k++) {
                plans.add(levers.get(k).embedder(rigs.get(k).model()).plan(sequences));
            }
            List<Timing> java = timed.subList(0, rigs.size());
            Timing peerTiming = peer == null ? null : timed.get(rigs.size());
            double peerRss = peer == null ? Double.NaN : peer.end();
            return new Rounds(java, plans, peerTiming, peerCase, peerRss);
        } finally {
            rigs.forEach(TrainingRig::close);
        }
    }

    /**
     * The per-round ratio {@code slower / faster} of two participants' step times (how many
     * times faster {@code faster} was in each round): median, min and max over the rounds.
     */
    record Spread(double median, double min, double max, int rounds) {
        static Spread of(Timing slower, Timing faster) {
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < Math.min(slower.repeats(), faster.repeats()); i++) {
                r.add(slower.seconds().get(i) / faster.seconds().get(i));
            }
            Timing asTiming = Timing.ofWall(r);
            return new Spread(asTiming.median(), asTiming.min(), java.util.Collections.max(r), r.size());
        }

        /** Columns {@code speedup_vs_<name>} (median) and, for PyTorch and hf, {@code _min}, {@code _max}; {@code rounds}. */
        void into(BenchRow row, String name) {
            row.with("speedup_vs_" + name, median).with("rounds", rounds);
            if (!name.equals("no_share")) {
                row.with("speedup_vs_" + name + "_min", min).with("speedup_vs_" + name + "_max", max);
            }
        }
    }

    /** Anchors, positives, negatives: the order the step embeds them in. */
    static List<int[]> sequences(TokenizedBatch batch) {
        List<int[]> sequences = new ArrayList<>(batch.anchors());
        sequences.addAll(batch.positives());
        sequences.addAll(batch.negatives());
        return sequences;
    }
}
