package sentemb.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import sentemb.model.opt.OptModel;
import sentemb.model.SequenceEmbedder;

/**
 * Embedding throughput (sentences/s) of one shape: PromptEOL prompts without and with a
 * demonstration, in each of {@link #VARIANTS}, last-token pooling. The variants' timed runs
 * and the PyTorch peer's (when there is one) alternate in rounds, the order rotating, so a
 * drifting machine load does not favour any; each variant's peak RSS is taken over its first
 * (untimed) run.
 */
final class EmbeddingBench {
    /** Padded as HF runs it, and what {@code sentemb eval} does. */
    static final List<EmbedVariant> VARIANTS = List.of(EmbedVariant.NO_SHARE, EmbedVariant.DEFAULT);

    private EmbeddingBench() {}

    /**
     * @param batchesByCase index 0: plain prompts, index 1: with the demonstration; each a list of batches
     */
    static List<BenchRow> run(EmbedTarget target, List<List<List<int[]>>> batchesByCase, BenchOptions o, double peak,
            PyTorchPeer peer) {
        BenchShape shape = target.shape();
        List<BenchRow> rows = new ArrayList<>();
        FlopCount counter = new FlopCount(shape.config(), null);
        try (OptModel model = RandomModels.fp32(shape, o.seed())) {
            for (String caseName : target.cases()) {
                List<List<int[]>> batches = batchesByCase.get(EmbedTarget.ALL_CASES.indexOf(caseName));
                List<Runnable> works = new ArrayList<>();
                List<ProcessMemory.Rss> memory = new ArrayList<>();
                boolean resettable = true;
                for (EmbedVariant v : VARIANTS) {
                    SequenceEmbedder embedder = v.embedder(model);
                    Runnable work = () -> embedAll(model, embedder, batches);
                    resettable &= ProcessMemory.startCase();
                    work.run(); // the first warm-up run, also the one whose peak RSS is reported
                    memory.add(ProcessMemory.rss());
                    works.add(work);
                }
                if (peer != null) {
                    peer.beginEmbedding(shape.name(), caseName);
                }
                for (Runnable w : works) {
                    for (int i = 1; i < o.warmup(); i++) { // the first warm-up run was above
                        w.run();
                    }
                }
                List<Timing> timings = PairedRounds.run(works, peer, o.repeats(), 0, o.repeats());
                for (int v = 0; v < VARIANTS.size(); v++) {
                    BenchRow row = row(shape, caseName, VARIANTS.get(v), VARIANTS.get(v).embedder(model), batches, counter,
                            timings.get(v), memory.get(v), o, peak, resettable);
                    if (peer != null && VARIANTS.get(v) == EmbedVariant.DEFAULT) {
                        TrainingBench.Spread.of(timings.get(VARIANTS.size()), timings.get(v)).into(row, "pytorch");
                    }
                    rows.add(row);
                }
                if (peer != null) {
                    Timing pt = timings.get(VARIANTS.size());
                    int sentences = batches.stream().mapToInt(List::size).sum();
                    rows.add(new BenchRow("embed", shape.name(), caseName, TrainingBench.PEER_VARIANT)
                            .with("batch", o.embedBatch()).with("sequences", sentences).withTiming(pt)
                            .with("throughput", sentences / pt.median()).with("unit", "sentences/s")
                            .with("peak_rss_mb", peer.end())
                            .with("note", "PyTorch eager (scripts/bench_pytorch.py --serve), timed in the same rounds"));
                }
            }
        }
        return rows;
    }

    private static BenchRow row(BenchShape shape, String caseName, EmbedVariant variant, SequenceEmbedder embedder,
            List<List<int[]>> batches,
            FlopCount counter, Timing t, ProcessMemory.Rss rss, BenchOptions o, double peak, boolean resettable) {
        int sentences = 0;
        long tokens = 0;
        long padded = 0;
        double flops = 0;
        for (List<int[]> b : batches) {
            SequenceEmbedder.Plan plan = embedder.plan(b);
            sentences += b.size();
            tokens += b.stream().mapToLong(s -> s.length).sum();
            padded += plan.paddedTokens(b);
            flops += counter.embedPlan(b, plan, true).total();
        }
        return new BenchRow("embed", shape.name(), caseName, variant.key).with("forwards", batches.size()) // one forward per batch, either plan
                .with("batch", o.embedBatch()).with("sequences", sentences).with("tokens", tokens)
                .with("padded_tokens", padded).withTiming(t).with("throughput", sentences / t.median())
                .with("unit", "sentences/s").withFlops(flops, t.median(), peak)
                .with("peak_rss_mb", rss.peakMb()).with("rss_mb", rss.currentMb())
                .with("heap_mb", ProcessMemory.heapUsedMb())
                .with("note", resettable ? null : "peak RSS is process-wide (VmHWM not resettable)");
    }

    private static void embedAll(OptModel model, SequenceEmbedder embedder, List<List<int[]>> batches) {
        for (List<int[]> batch : batches) {
            try (NDManager m = model.manager().newSubManager()) {
                embedder.embed(m, batch, false).toFloatArray(); // to the host, as an encoder returns it
            }
        }
    }
}
