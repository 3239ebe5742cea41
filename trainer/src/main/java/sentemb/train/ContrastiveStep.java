package sentemb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;

/**
 * Forward and backward of one global contrastive batch, leaving the summed gradients in the
 * replicas for {@link MasterWeights} to collect. Two ways to get the same gradients:
 *
 * <ul>
 *   <li><b>direct</b> (one replica, no micro-batching): embed everything with a graph, InfoNCE,
 *       backward;
 *   <li><b>cached</b> (several replicas and/or micro-batches; GradCache, Gao et al. 2021):
 *       (1) embed every micro-batch on its replica without a graph, (2) gather all embeddings
 *       on the master device and compute the full-batch loss and its gradient with respect to
 *       each embedding, (3) re-embed each micro-batch with a graph and back-propagate
 *       {@code sum(z · dL/dz)}. Every anchor sees the whole global batch as negatives and the
 *       gradient is the exact full-batch gradient (the reference's all_gather drops the
 *       cross-device terms; this does not).
 * </ul>
 *
 * Dropout replays between passes (1) and (3): the engine RNG is re-seeded from
 * (seed, step, micro-batch) before each forward.
 */
public final class ContrastiveStep {
    private final List<Replica> replicas;
    private final InfoNceLoss loss;
    private final int microSize;
    private final long seed;

    /** Results of one step. */
    public record Result(float loss, long tokens) {}

    /**
     * @param microSize triplets per forward pass on a replica; 0 = the replica's whole shard
     */
    public ContrastiveStep(List<Replica> replicas, InfoNceLoss loss, int microSize, long seed) {
        this.replicas = replicas;
        this.loss = loss;
        this.microSize = microSize;
        this.seed = seed;
    }

    /**
     * Accumulates {@code lossScale × dL/dθ} into every replica's trainable parameters.
     */
    public Result run(long step, TokenizedBatch batch, float lossScale) {
        List<Shard> shards = shards(batch);
        if (shards.size() == 1 && shards.get(0).micro.size() == 1) {
            return direct(step, shards.get(0), batch, lossScale);
        }
        return cached(step, shards, batch, lossScale);
    }

    private record Shard(Replica replica, List<TokenizedBatch> micro, List<Integer> microSeeds) {}

    /** Splits the global batch evenly over replicas, then each share into micro-batches. */
    private List<Shard> shards(TokenizedBatch batch) {
        int n = replicas.size();
        int b = batch.size();
        if (b < n) {
            throw new IllegalArgumentException("batch of " + b + " triplets cannot be split over " + n + " replicas");
        }
        List<Shard> out = new ArrayList<>();
        int microIndex = 0;
        for (int r = 0; r < n; r++) {
            int from = (int) ((long) b * r / n);
            int to = (int) ((long) b * (r + 1) / n);
            TokenizedBatch share = batch.slice(from, to);
            int mb = microSize <= 0 ? share.size() : microSize;
            List<TokenizedBatch> micro = new ArrayList<>();
            List<Integer> seeds = new ArrayList<>();
            for (int i = 0; i < share.size(); i += mb) {
                micro.add(share.slice(i, Math.min(share.size(), i + mb)));
                seeds.add(microIndex++);
            }
            out.add(new Shard(replicas.get(r), micro, seeds));
        }
        return out;
    }

    private int dropoutSeed(long step, int micro) {
        long h = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + micro * 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 31));
    }

    /** All sequences of a micro-batch in one forward: anchors, positives, then negatives. */
    private static List<int[]> sequences(TokenizedBatch mb) {
        List<int[]> all = new ArrayList<>(mb.anchors());
        all.addAll(mb.positives());
        if (mb.hasNegatives()) {
            all.addAll(mb.negatives());
        }
        return all;
    }

    private Result direct(long step, Shard shard, TokenizedBatch batch, float lossScale) {
        Replica r = shard.replica();
        Engine.getInstance().setRandomSeed(dropoutSeed(step, 0));
        try (NDManager m = r.model().manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = r.embedder().embed(m, sequences(batch), true);
            NDArray[] parts = split(z, batch.size(), batch.hasNegatives());
            NDArray l = loss.loss(parts[0], parts[1], parts[2]);
            float value = l.getFloat();
            gc.backward(lossScale == 1f ? l : l.mul(sentemb.model.Scalars.of(l, lossScale)));
            return new Result(value, batch.tokenCount());
        }
    }

    private Result cached(long step, List<Shard> shards, TokenizedBatch batch, float lossScale) {
        Replica master = replicas.get(0);
        try (NDManager m = master.model().manager().newSubManager()) {
            // (1) embeddings without a graph, gathered on the master device in global order
            List<NDArray> z1 = new ArrayList<>();
            List<NDArray> z2 = new ArrayList<>();
            List<NDArray> z3 = new ArrayList<>();
            for (Shard s : shards) {
                for (int k = 0; k < s.micro().size(); k++) {
                    TokenizedBatch mb = s.micro().get(k);
                    Engine.getInstance().setRandomSeed(dropoutSeed(step, s.microSeeds().get(k)));
                    try (NDManager rm = s.replica().model().manager().newSubManager()) {
                        NDArray z = s.replica().embedder().embed(rm, sequences(mb), true);
                        NDArray zm = z.toDevice(master.model().device(), true).toType(DataType.FLOAT32, true);
                        zm.attach(m);
                        NDArray[] parts = split(zm, mb.size(), mb.hasNegatives());
                        z1.add(parts[0]);
                        z2.add(parts[1]);
                        if (parts[2] != null) {
                            z3.add(parts[2]);
                        }
                    }
                }
            }
            // (2) full-batch loss and dL/dz for every embedding
            NDArray all1 = NDArrays.concat(new NDList(z1), 0);
            NDArray all2 = NDArrays.concat(new NDList(z2), 0);
            NDArray all3 = z3.isEmpty() ? null : NDArrays.concat(new NDList(z3), 0);
            try (LossAndGrads lg = loss.lossAndGrads(all1, all2, all3)) {
                // (3) replay each micro-batch with a graph; backward of sum(z * cached grad)
                int row = 0;
                for (Shard s : shards) {
                    for (int k = 0; k < s.micro().size(); k++) {
                        TokenizedBatch mb = s.micro().get(k);
                        int n = mb.size();
                        Engine.getInstance().setRandomSeed(dropoutSeed(step, s.microSeeds().get(k)));
                        try (NDManager rm = s.replica().model().manager().newSubManager()) {
                            NDArray g = cachedGrad(lg, row, n, mb.hasNegatives()).mul(lossScale);
                            g = g.toDevice(s.replica().model().device(), true);
                            g.attach(rm);
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray z = s.replica().embedder().embed(rm, sequences(mb), true);
                                NDArray surrogate = z.mul(g.toType(z.getDataType(), false)).sum();
                                gc.backward(surrogate);
                            }
                        }
                        row += n;
                    }
                }
                return new Result((float) lg.loss(), batch.tokenCount());
            }
        }
    }

    /** The cached gradient rows of one micro-batch, stacked like its forward: z1, z2, z3. */
    private static NDArray cachedGrad(LossAndGrads lg, int row, int n, boolean negatives) {
        String rows = row + ":" + (row + n);
        NDList parts = new NDList(lg.gradZ1().get(rows), lg.gradZ2().get(rows));
        if (negatives) {
            parts.add(lg.gradZ3().get(rows));
        }
        return NDArrays.concat(parts, 0);
    }

    private static NDArray[] split(NDArray z, int n, boolean negatives) {
        NDArray a = z.get("0:" + n);
        NDArray p = z.get(n + ":" + (2 * n));
        NDArray h = negatives ? z.get((2 * n) + ":" + (3 * n)) : null;
        return new NDArray[] {a, p, h};
    }
}
