package sentemb.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import sentemb.data.sts.StsDataLoader;
import sentemb.data.sts.StsLoadResult;
import sentemb.data.sts.StsPair;
import sentemb.data.sts.StsSplit;
import sentemb.data.sts.StsSubset;
import sentemb.data.sts.StsTask;
import sentemb.eval.StsEvaluator;
import sentemb.model.opt.OptModel;
import sentemb.model.SequenceEmbedder;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * The whole STS suite (STS12–16, STS-B, SICK-R test; the tasks found in the data folder), each
 * task's distinct sentences once, as evaluation prompts (clean-up, PromptEOL template, BOS)
 * tokenised with the benchmark's tokenizer; random weights of one shape. Java runs them the
 * way {@code sentemb eval} does ({@code default}: sentences sorted by length, batches of
 * {@link StsEvaluator#DEFAULT_BATCH_SIZE}, packed)
 * and, for the second ratio, the seed's way on our libtorch ({@code no-share}: file order,
 * batches of {@link #SENTEVAL_BATCH}, padded); the PyTorch baseline runs the seed's way on the
 * identical token sequences.
 */
final class StsSuiteBench {
    /** SentEval's batch size in the seed's evaluation. */
    static final int SENTEVAL_BATCH = 16;

    /** One task's distinct sentences in file order and their prompt ids. */
    record Task(String name, List<String> sentences, List<int[]> ids) {}

    private StsSuiteBench() {}

    static List<Task> load(Path downstream, Path tokenizerDir, int limit) {
        StsDataLoader loader = new StsDataLoader(downstream);
        Representation rep = Representation.forEvaluation();
        List<Task> tasks = new ArrayList<>();
        int left = limit > 0 ? limit : Integer.MAX_VALUE;
        try (PromptTokenizer tok = PromptTokenizer.load(tokenizerDir)) {
            for (StsTask task : StsTask.values()) {
                if (left <= 0) {
                    break;
                }
                if (!(loader.load(task, StsSplit.TEST) instanceof StsLoadResult.Loaded loaded)) {
                    continue; // absent tasks are listed by the row's note
                }
                LinkedHashSet<String> distinct = new LinkedHashSet<>();
                for (StsSubset s : loaded.dataset().subsets()) {
                    for (StsPair p : s.pairs()) {
                        distinct.add(p.sentence1());
                        distinct.add(p.sentence2());
                    }
                }
                List<String> sentences = new ArrayList<>(distinct).subList(0, Math.min(distinct.size(), left));
                left -= sentences.size();
                List<String> prompts = sentences.stream().map(s -> rep.render(s, tok)).toList();
                tasks.add(new Task(task.taskName(), List.copyOf(sentences), List.of(tok.encodeAll(prompts, true))));
            }
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("bench --sts-data " + downstream + ": no STS task's test files found");
        }
        return tasks;
    }

    static List<BenchRow> run(BenchShape shape, List<Task> tasks, BenchOptions o, double peak) {
        List<BenchRow> rows = new ArrayList<>();
        FlopCount counter = new FlopCount(shape.config(), null);
        try (OptModel model = RandomModels.fp32(shape, o.seed())) {
            for (EmbedVariant v : List.of(EmbedVariant.DEFAULT, EmbedVariant.NO_SHARE)) {
                SequenceEmbedder embedder = v.embedder(model);
                List<List<int[]>> batches = new ArrayList<>();
                for (Task t : tasks) {
                    batches.addAll(v == EmbedVariant.DEFAULT ? evalBatches(t) : fileOrderBatches(t.ids()));
                }
                embedAll(model, embedder, batches.subList(0, Math.min(2, batches.size()))); // warm-up
                Timing time = Timing.measure(0, 1, () -> embedAll(model, embedder, batches));
                long tokens = 0;
                long padded = 0;
                int sentences = 0;
                double flops = 0;
                for (List<int[]> b : batches) {
                    SequenceEmbedder.Plan plan = embedder.plan(b);
                    sentences += b.size();
                    tokens += b.stream().mapToLong(s -> s.length).sum();
                    padded += plan.paddedTokens(b);
                    flops += counter.embedPlan(b, plan, true).total();
                }
                rows.add(new BenchRow("sts", shape.name(), "suite", v.key).with("batch",
                        v == EmbedVariant.DEFAULT ? StsEvaluator.DEFAULT_BATCH_SIZE : SENTEVAL_BATCH)
                        .with("sequences", sentences).with("tokens", tokens).with("padded_tokens", padded)
                        .withTiming(time).with("throughput", sentences / time.median()).with("unit", "sentences/s")
                        .withFlops(flops, time.median(), peak)
                        .with("note", String.join(" ", tasks.stream().map(t -> t.name() + ":" + t.ids().size()).toList())));
            }
        }
        return rows;
    }

    /** The seed's way: file order, batches of 16. */
    static List<List<int[]>> fileOrderBatches(List<int[]> ids) {
        List<List<int[]>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += SENTEVAL_BATCH) {
            out.add(ids.subList(i, Math.min(ids.size(), i + SENTEVAL_BATCH)));
        }
        return out;
    }

    /**
     * As {@code sentemb eval} batches a task: distinct sentences sorted by character length
     * (stable), batches of 32, each batch sorted by token length (PromptEolEncoder).
     */
    static List<List<int[]>> evalBatches(Task t) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.sentences().size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> t.sentences().get(i).length()));
        List<List<int[]>> out = new ArrayList<>();
        int b = StsEvaluator.DEFAULT_BATCH_SIZE;
        for (int from = 0; from < order.size(); from += b) {
            List<int[]> batch = new ArrayList<>();
            for (int i : order.subList(from, Math.min(order.size(), from + b))) {
                batch.add(t.ids().get(i));
            }
            batch.sort(Comparator.comparingInt(s -> s.length));
            out.add(batch);
        }
        return out;
    }

    private static void embedAll(OptModel model, SequenceEmbedder embedder, List<List<int[]>> batches) {
        for (List<int[]> batch : batches) {
            try (NDManager m = model.manager().newSubManager()) {
                embedder.embed(m, batch, false).toFloatArray();
            }
        }
    }
}
