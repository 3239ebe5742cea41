package sentemb.bench;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import sentemb.model.OptModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;

/**
 * Embedding throughput (sentences/s) of one shape: PromptEOL prompts without and with a
 * demonstration, each with prefix sharing off (the plain left-padded batch, as Hugging Face
 * runs it) and on (common prefix once, its keys/values reused), last-token pooling.
 */
final class EmbeddingBench {
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
                for (boolean share : new boolean[] {false, true}) {
                    SequenceEmbedder embedder = new SequenceEmbedder(model, shape.config().padTokenId(), Pooling.LAST, share);
                    boolean resettable = ProcessMemory.startCase();
                    Timing t = Timing.measure(o.warmup(), o.repeats(), () -> embedAll(model, embedder, batches));
                    ProcessMemory.Rss rss = ProcessMemory.rss();
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
                    rows.add(new BenchRow("embed", shape.name(), caseName, share ? "share" : "no-share")
                            .with("batch", o.embedBatch()).with("sequences", sentences).with("tokens", tokens)
                            .with("padded_tokens", padded).withTiming(t).with("throughput", sentences / t.median())
                            .with("unit", "sentences/s").withFlops(flops, t.median(), peak)
                            .with("peak_rss_mb", rss.peakMb()).with("rss_mb", rss.currentMb())
                            .with("heap_mb", ProcessMemory.heapUsedMb())
                            .with("note", resettable ? null : "peak RSS is process-wide (VmHWM not resettable)"));
                }
            }
        }
        return rows;
    }

    private static void embedAll(OptModel model, SequenceEmbedder embedder, List<List<int[]>> batches) {
        for (List<int[]> batch : batches) {
            try (NDManager m = model.manager().newSubManager()) {
                embedder.embed(m, batch, false).toFloatArray(); // to the host, as an encoder returns it
            }
        }
    }
}
