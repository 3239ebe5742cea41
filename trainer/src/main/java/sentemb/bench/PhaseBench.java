package sentemb.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;
import sentemb.train.TokenizedBatch;

/**
 * Where a training step's time goes: per shape and mode, the median seconds of forward, loss,
 * backward and optimizer (gradients → AdamW → zero → broadcast) over the timed steps, for the
 * padded and the default (packed) embedder, with one profiled step each; plus the tokenising of
 * the batch's sentences (decoded from the benchmark's ids) with the training representation,
 * when a tokenizer is at hand.
 */
final class PhaseBench {
    private PhaseBench() {}

    static List<BenchRow> phases(BenchShape shape, TokenizedBatch batch, BenchOptions o) {
        List<BenchRow> rows = new ArrayList<>();
        for (TrainMode mode : TrainMode.values()) {
            for (EmbedVariant variant : List.of(EmbedVariant.values())) {
                try (TrainingRig rig = new TrainingRig(shape, mode, o.loraRank(), o.loraAlpha(), variant, 0, o.seed())) {
                    for (int i = 0; i < o.warmup(); i++) {
                        rig.phasedStep(batch);
                    }
                    List<TrainingRig.Phases> ps = new ArrayList<>();
                    for (int i = 0; i < o.trainRepeats(); i++) {
                        ps.add(rig.phasedStep(batch));
                    }
                    Path trace = o.resultsJson().toAbsolutePath().resolveSibling(
                            "trace-" + shape.name() + "-" + mode.key + "-" + variant.key + ".json");
                    OpTrace.Summary ops = OpTrace.profile(trace, () -> rig.phasedStep(batch));
                    rows.add(new BenchRow("phases", shape.name(), mode.key, variant.key).with("batch", batch.size())
                            .with("ops", ops.topLevelOps()).with("op_s", ops.topLevelSeconds())
                            .with("note", String.format(java.util.Locale.ROOT,
                                    "profiled step: %d top-level ops (%d events) taking %.1f of %.1f ms wall",
                                    ops.topLevelOps(), ops.events(), 1e3 * ops.topLevelSeconds(), 1e3 * ops.wallSeconds()))
                            .with("repeats", ps.size())
                            .with("median_s", median(ps.stream().map(TrainingRig.Phases::total).toList()))
                            .with("forward_s", median(ps.stream().map(TrainingRig.Phases::forward).toList()))
                            .with("loss_s", median(ps.stream().map(TrainingRig.Phases::lossSeconds).toList()))
                            .with("backward_s", median(ps.stream().map(TrainingRig.Phases::backward).toList()))
                            .with("optimizer_s", median(ps.stream().map(TrainingRig.Phases::optimizer).toList())));
                }
            }
        }
        return rows;
    }

    /**
     * Seconds to turn the batch's sentences into prompt ids as the trainer does (clean-up off,
     * cut to 32 tokens, template, BOS): the sentences are the decoded benchmark ids.
     */
    static BenchRow tokenising(TokenizedBatch batch, Path tokenizerDir, BenchOptions o) {
        BenchRow row = new BenchRow("phases", "-", "tokenise", "java").with("batch", batch.size());
        if (!Files.isDirectory(tokenizerDir)) {
            return row.with("note", "no tokenizer at " + tokenizerDir + ": not measured");
        }
        try (PromptTokenizer tok = PromptTokenizer.load(tokenizerDir)) {
            Representation rep = Representation.forTraining();
            int skip = sentemb.bench.PromptTokens.prefix(null).length;
            int tail = sentemb.bench.PromptTokens.TEMPLATE_TAIL.length;
            List<String> sentences = new ArrayList<>();
            for (int[] s : TrainingBench.sequences(batch)) {
                sentences.add(tok.decode(java.util.Arrays.copyOfRange(s, skip, s.length - tail), true) + ".");
            }
            Runnable work = () -> {
                List<String> prompts = new ArrayList<>(sentences.size());
                for (String s : sentences) {
                    prompts.add(rep.render(s, tok));
                }
                tok.encodeAll(prompts, true);
            };
            Timing t = Timing.measure(Math.max(o.warmup(), 3), Math.max(o.trainRepeats(), 10), work);
            return row.withTiming(t).with("data_s", t.median()).with("sequences", sentences.size())
                    .with("throughput", sentences.size() / t.median()).with("unit", "sentences/s");
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
