package sentemb.bench;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.train.TokenizedBatch;

/**
 * Data parallelism on the CPU: one training step (2 replicas, LoRA on all six linears, the
 * kept-graph path: one forward per replica, full-batch InfoNCE, backward, AdamW) with the
 * replicas' passes concurrent against one after another. libtorch gets 1 intra-op thread, so
 * two concurrent replicas use two cores and a sequential step uses one. With dropout on,
 * seeded forwards are serialised (exact replay) and only the backward overlaps; without
 * dropout the forwards overlap too. Prints one {@code concurrent/sequential} line per shape
 * and dropout setting.
 */
final class ParallelBench {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelBench.class);
    static final int REPLICAS = 2;

    private ParallelBench() {}

    static List<BenchRow> run(BenchShape shape, TokenizedBatch batch, BenchOptions o) {
        List<BenchRow> rows = new ArrayList<>();
        int threadsBefore = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1); // global: replica threads started after this use 1 intra-op thread each
        try {
            for (boolean dropout : List.of(true, false)) {
                double[] median = new double[2];
                for (boolean concurrent : List.of(false, true)) {
                    try (ParallelRig rig = new ParallelRig(shape, REPLICAS, concurrent, dropout, o.loraRank(), o.loraAlpha(),
                            o.seed())) {
                        Timing t = Timing.measure(o.warmup(), o.trainRepeats(), () -> rig.step(batch));
                        median[concurrent ? 1 : 0] = t.median();
                        rows.add(new BenchRow("parallel", shape.name(), (dropout ? "dropout" : "no-dropout") + " x" + REPLICAS,
                                concurrent ? "concurrent" : "sequential")
                                .with("batch", batch.size()).with("tokens", batch.tokenCount()).withTiming(t)
                                .with("throughput", batch.size() / t.median()).with("unit", "triplets/s")
                                .with("note", REPLICAS + " cpu replicas, 1 intra-op thread, lora-all"));
                    }
                }
                String line = String.format(Locale.ROOT,
                        "parallel %s %s, %d cpu replicas x 1 thread: concurrent/sequential = %.3f (%.3f s vs %.3f s per step)",
                        shape.name(), dropout ? "dropout" : "no-dropout", REPLICAS, median[1] / median[0], median[1], median[0]);
                System.out.println(line);
                LOG.info("{}", line);
            }
        } finally {
            JniUtils.setNumThreads(threadsBefore);
        }
        return rows;
    }
}
