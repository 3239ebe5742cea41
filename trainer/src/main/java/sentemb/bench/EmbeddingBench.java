package sentemb.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import sentemb.model.opt.OptModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;

/**
 * Embedding throughput (sentences/s) of one shape: PromptEOL prompts without and with a
 * demonstration, each with prefix sharing off (the plain left-padded batch, as Hugging Face
 * runs it) and on (common prefix once, its keys/values reused), last-token pooling. The two
 * variants' timed repeats alternate, so a drifting machine load does not favour either; each
 * variant's peak RSS is taken over its first (untimed) run.
 */
final class EmbeddingBench {
    private static final boolean[] SHARE = {false, true};

    private EmbeddingBench() {}

    /**
     * @param batchesByCase index 0: plain prompts, index 1: with the demonstration; each a list of batches
     */
    static List<BenchRow> run(EmbedTarget target, List<List<List<int[]>>> batchesByCase, BenchOptions o, double peak) {
        BenchShape shape = target.shape();
        List<BenchRow> rows = new ArrayList<>();
        FlopCount counter = new FlopCount(shape.config(), null);
        try (OptModel model = RandomModels.fp32(shape, o.seed())) {
            for (String caseName : target.cases()) {
                List<List<int[]>> batches = batchesByCase.get(EmbedTarget.ALL_CASES.indexOf(caseName));
                List<Runnable> works = new ArrayList<>();
                List<ProcessMemory.Rss> memory = new ArrayList<>();
                boolean resettable = true;
                for (boolean share : SHARE) {
                    SequenceEmbedder embedder = new SequenceEmbedder(model, shape.config().padTokenId(), Pooling.LAST, share);
                    Runnable work = () -> embedAll(model, embedder, batches);
                    resettable &= ProcessMemory.startCase();
                    work.run(); // the first warm-up run, also the one whose peak RSS is reported
                    memory.add(ProcessMemory.rss());
                    works.add(work);
                }
                List<Timing> timings = Timing.interleaved(Math.max(0, o.warmup() - 1), o.repeats(), works);
                for (int v = 0; v < SHARE.length; v++) {
                    rows.add(row(shape, caseName, SHARE[v], batches, counter, timings.get(v), memory.get(v), o, peak,
                            resettable));
                }
            }
        }
        return rows;
    }

    private static BenchRow row(BenchShape shape, String caseName, boolean share, List<List<int[]>> batches,
            FlopCount counter, Timing t, ProcessMemory.Rss rss, BenchOptions o, double peak, boolean resettable) {
        int sentences = 0;
        long tokens = 0;
        long padded = 0;
        double flops = 0;
        for (List<int[]> b : batches) {
            sentences += b.size();
            tokens += b.stream().mapToLong(s -> s.length).sum();
            padded += (long) b.size() * b.stream().mapToInt(s -> s.length).max().orElseThrow();
            flops += counter.embedBatch(b, share, true).total();
        }
        return new BenchRow("embed", shape.name(), caseName, share ? "share" : "no-share")
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
