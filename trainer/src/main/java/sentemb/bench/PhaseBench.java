package sentemb.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import sentemb.model.ForwardCost;
import sentemb.model.opt.OptModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;
import sentemb.train.TokenizedBatch;

/**
 * Where a training step's time goes, and the constant the embedder's cost model needs.
 *
 * <ul>
 *   <li><b>phases</b>: per shape and mode, the median seconds of forward, loss, backward and
 *       optimizer (gradients → AdamW → zero → broadcast) over the timed steps, for the padded
 *       and the default embedder; plus the tokenising of the batch's sentences (decoded from the
 *       benchmark's ids) with the training representation, when a tokenizer is at hand.
 *   <li><b>overhead</b>: per shape, the fixed cost of one more forward pass, from three
 *       full-fine-tuning forward+backward passes on rows of one length (no padding):
 *       A = R rows in one pass, B = the same R rows in two passes of R/2, C = R/2 rows in one
 *       pass. Per token {@code (A - C) / (R/2 · L)}, per pass {@code B - A}; their ratio is the
 *       overhead in tokens, the two constants of {@link ForwardCost} come from it (the tiny shape
 *       for the engine calls, opt-125m for the matmul efficiency). Minimum of the repeats, interleaved.
 * </ul>
 */
final class PhaseBench {
    /** Rows and length of the overhead passes: a training step's 3 × 8 prompts of about 24 tokens. */
    static final int OVERHEAD_ROWS = 24;
    static final int OVERHEAD_LENGTH = 24;

    private PhaseBench() {}

    static List<BenchRow> phases(BenchShape shape, TokenizedBatch batch, BenchOptions o) {
        List<BenchRow> rows = new ArrayList<>();
        for (TrainMode mode : TrainMode.values()) {
            for (EmbedVariant variant : List.of(EmbedVariant.NO_SHARE, EmbedVariant.DEFAULT)) {
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
                            .with("loss_s", median(ps.stream().map(TrainingRig.Phases::loss).toList()))
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

    static BenchRow overhead(BenchShape shape, BenchOptions o) {
        int r = OVERHEAD_ROWS;
        int len = OVERHEAD_LENGTH;
        SplittableRandom rng = new SplittableRandom(o.seed());
        List<int[]> seqs = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            seqs.add(rng.ints(len, SyntheticPrompts.FIRST_WORD_ID, SyntheticPrompts.LAST_WORD_ID + 1).toArray());
        }
        List<int[]> half = seqs.subList(0, r / 2);
        try (OptModel model = RandomModels.fp32(shape, o.seed())) {
            model.parameters().all().values().forEach(p -> p.getArray().setRequiresGradient(true));
            SequenceEmbedder e = new SequenceEmbedder(model, shape.config().padTokenId(), Pooling.LAST, false, false, 0);
            Runnable a = () -> pass(model, e, List.of(seqs));
            Runnable b = () -> pass(model, e, List.of(half, seqs.subList(r / 2, r)));
            Runnable c = () -> pass(model, e, List.of(half));
            int repeats = Math.max(5, 3 * o.trainRepeats());
            List<Timing> t = Timing.interleaved(o.warmup(), repeats, List.of(a, b, c));
            double perToken = (t.get(0).min() - t.get(2).min()) / (r / 2.0 * len);
            double perPass = t.get(1).min() - t.get(0).min();
            double tokens = perPass / perToken;
            double layerFlops = tokens * ForwardCost.tokenFlopsPerLayer(shape.config());
            return new BenchRow("overhead", shape.name(), "full", "fit").with("batch", r).with("repeats", repeats)
                    .with("median_s", perPass).with("min_s", t.get(0).min()).with("overhead_tokens", tokens)
                    .with("note", String.format(java.util.Locale.ROOT,
                            "per pass %.2f ms, per token %.3f ms (forward+backward, min of %d): %.1f tokens "
                                    + "= %.3g FLOPs per layer; the default overhead of this shape is %.1f tokens",
                            1e3 * perPass, 1e3 * perToken, repeats, tokens, layerFlops,
                            ForwardCost.defaultOverheadTokens(shape.config())));
        }
    }

    /** Forward of each group with a graph, one backward through all of them. */
    private static void pass(OptModel model, SequenceEmbedder e, List<List<int[]>> groups) {
        try (NDManager m = model.manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList parts = new NDList();
            for (List<int[]> g : groups) {
                parts.add(e.embed(m, g, true));
            }
            NDArray z = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            gc.backward(z.square().sum());
        }
        for (var p : model.parameters().all().values()) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getArray());
        }
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
