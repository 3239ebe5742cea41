package sentemb.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import sentemb.model.MixedPrecision;
import sentemb.model.Scalars;
import sentemb.model.SequenceEmbedder.DeviceTokens;
import sentemb.train.parallel.Autograd;
import sentemb.train.parallel.ReplicaThreads;
import sentemb.train.parallel.SeededForwards;

/**
 * Forward and backward of one global contrastive batch, leaving the summed gradients in the
 * replicas for {@link MasterWeights} to collect. Three ways to get the same gradients:
 *
 * <ul>
 *   <li><b>direct</b> (one replica, no micro-batching): embed everything with a graph, InfoNCE,
 *       backward;
 *   <li><b>kept graph</b> (several replicas, no micro-batching): (1) every replica embeds its
 *       share once and keeps the graph, (2) the coordinator gathers the detached embeddings on
 *       the master device and computes the full-batch loss and its gradient dL/dz for every
 *       embedding, (3) every replica back-propagates {@code sum(z · dL/dz)} through the graph
 *       it kept;
 *   <li><b>cached</b> (micro-batches; GradCache, Gao et al. 2021): as kept graph, but (1) runs
 *       without a graph and (3) re-embeds each micro-batch with one, so only one micro-batch's
 *       activations are alive at a time.
 * </ul>
 *
 * Every anchor sees the whole global batch as negatives and the gradient is the exact
 * full-batch gradient (the reference's all_gather drops the cross-device terms; this does not).
 *
 * <p>Threads: passes (1) and (3) of replica {@code i} run on its own thread ({@link
 * ReplicaThreads}), concurrently or one replica after another; pass (2) runs on the calling
 * thread, as does everything {@link MasterWeights} does. Dropout is seeded from (seed, step,
 * micro-batch) before each forward and replays between (1) and (3) of GradCache ({@link
 * SeededForwards}: on the CPU the replicas' forwards run at the same time; elsewhere seeding
 * and the forward's launch are serialised JVM-wide), backward is not.
 * The tokens are on the device before a forward starts, and the loss value is read after
 * backward, so a step's forward makes no host synchronisation.
 */
public final class ContrastiveStep implements AutoCloseable {
    private final List<Replica> replicas;
    private final InfoNceLoss loss;
    private final int microSize;
    private final long seed;
    private final ReplicaThreads threads;

    /**
     * Results of one step, with the wall seconds of its passes: the forwards (every replica's,
     * graph kept; GradCache's first, graph-free pass), the loss and its gradients on the
     * coordinator, and the backwards (GradCache: with each micro-batch's second forward).
     */
    public record Result(float loss, long tokens, double forwardSeconds, double lossSeconds, double backwardSeconds) {}

    /** Wall-clock marks between the passes of one step. */
    private static final class Clock {
        private final long start = System.nanoTime();
        private long forwardEnd;
        private long lossEnd;

        void forwardDone() {
            forwardEnd = System.nanoTime();
        }

        void lossDone() {
            lossEnd = System.nanoTime();
        }

        Result result(float loss, long tokens) {
            long end = System.nanoTime();
            return new Result(loss, tokens, (forwardEnd - start) / 1e9, (lossEnd - forwardEnd) / 1e9, (end - lossEnd) / 1e9);
        }
    }

    /**
     * @param microSize triplets per forward pass on a replica; 0 = the replica's whole shard
     * @param concurrent run the replicas' passes at the same time (else one after another)
     */
    public ContrastiveStep(List<Replica> replicas, InfoNceLoss loss, int microSize, long seed, boolean concurrent) {
        this.replicas = replicas;
        this.loss = loss;
        this.microSize = microSize;
        this.seed = seed;
        this.threads = new ReplicaThreads(intraOpThreads(replicas, concurrent), concurrent);
    }

    /**
     * libtorch intra-op threads per replica thread: CPU replicas that run at the same time split
     * the engine's threads between them (with two cores and two workers, each core runs one
     * worker's ops, every op on one thread, none waiting for the other); run one after another,
     * each takes them all. GPU replicas keep the engine's setting.
     */
    static int[] intraOpThreads(List<Replica> replicas, boolean concurrent) {
        int engine = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        long onCpu = replicas.stream().filter(r -> isCpu(r.model().device())).count();
        int[] out = new int[replicas.size()];
        for (int i = 0; i < out.length; i++) {
            if (isCpu(replicas.get(i).model().device())) {
                out[i] = concurrent ? (int) Math.max(1, engine / onCpu) : engine;
            }
        }
        return out;
    }

    private static boolean isCpu(Device d) {
        return Device.Type.CPU.equals(d.getDeviceType());
    }

    /**
     * Accumulates {@code lossScale × dL/dθ} into every replica's trainable parameters. A
     * failure on a replica's thread is thrown as a {@link sentemb.train.parallel.ReplicaFailure}
     * naming the replica, after every replica has stopped.
     */
    public Result run(long step, TokenizedBatch batch, float lossScale) {
        List<Shard> shards = shards(batch);
        boolean whole = shards.stream().allMatch(s -> s.micro().size() == 1);
        if (shards.size() == 1 && whole) {
            return threads.on(0, i -> direct(step, shards.get(0), batch, lossScale));
        }
        return whole ? keptGraph(step, shards, batch, lossScale) : cached(step, shards, batch, lossScale);
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

    /** Uploads a micro-batch's tokens, then runs its (seeded) forward on the calling thread. */
    private NDArray forward(Replica r, NDManager m, TokenizedBatch mb, long step, int micro) {
        DeviceTokens tokens = r.upload(m, sequences(mb));
        return SeededForwards.launch(r.randomForward(), r.model().device(), dropoutSeed(step, micro),
                () -> r.embed(tokens, true));
    }

    /** Runs on replica 0's thread. */
    private Result direct(long step, Shard shard, TokenizedBatch batch, float lossScale) {
        Replica r = shard.replica();
        Autograd.gradMode(true);
        Clock clock = new Clock();
        try (NDManager m = r.model().manager().newSubManager()) {
            // fp16 replica: the loss in fp32, through a cast that keeps the graph
            NDArray z = MixedPrecision.toFloat32(forward(r, m, batch, step, 0));
            clock.forwardDone();
            NDArray[] parts = split(z, batch.size(), batch.hasNegatives());
            NDArray l = loss.loss(parts[0], parts[1], parts[2]);
            clock.lossDone();
            Autograd.backward(lossScale == 1f ? l : l.mul(Scalars.of(l, lossScale)));
            return clock.result(l.getFloat(), batch.tokenCount());
        }
    }

    /** What pass (1) of the kept-graph path leaves on a replica for pass (3). */
    private static final class Kept {
        NDManager manager;
        NDArray z;
    }

    private Result keptGraph(long step, List<Shard> shards, TokenizedBatch batch, float lossScale) {
        Device masterDevice = replicas.get(0).model().device();
        Kept[] kept = new Kept[shards.size()];
        Clock clock = new Clock();
        try (NDManager m = replicas.get(0).model().manager().newSubManager()) {
            // (1) one forward per replica, graph kept; detached fp32 copies for the coordinator
            List<NDArray> copies = threads.forEach(i -> {
                Shard s = shards.get(i);
                Autograd.gradMode(true);
                Kept k = new Kept();
                kept[i] = k;
                k.manager = s.replica().model().manager().newSubManager();
                k.z = forward(s.replica(), k.manager, s.micro().get(0), step, s.microSeeds().get(0));
                return detachedCopy(k.z, masterDevice);
            });
            clock.forwardDone();
            try (LossAndGrads lg = gatheredLossAndGrads(m, shards, copies)) {
                List<NDArray> grads = scatter(lg, shards, lossScale);
                clock.lossDone();
                // (3) backward of sum(z · dL/dz) on every replica's kept graph
                threads.forEach(i -> {
                    Kept k = kept[i];
                    NDArray g = onReplica(grads.get(i), k.z, k.manager);
                    Autograd.backward(k.z, g);
                    return null;
                });
                return clock.result((float) lg.loss(), batch.tokenCount()); // read after every backward
            }
        } finally {
            for (Kept k : kept) {
                if (k != null && k.manager != null) {
                    k.manager.close();
                }
            }
        }
    }

    private Result cached(long step, List<Shard> shards, TokenizedBatch batch, float lossScale) {
        Device masterDevice = replicas.get(0).model().device();
        Clock clock = new Clock();
        try (NDManager m = replicas.get(0).model().manager().newSubManager()) {
            // (1) embeddings without a graph, micro-batch by micro-batch
            List<NDArray> copies = threads.forEach(i -> {
                Shard s = shards.get(i);
                Autograd.gradMode(false); // a fresh thread starts with grad mode on
                List<NDArray> z = new ArrayList<>();
                for (int k = 0; k < s.micro().size(); k++) {
                    try (NDManager rm = s.replica().model().manager().newSubManager()) {
                        NDArray zk = forward(s.replica(), rm, s.micro().get(k), step, s.microSeeds().get(k));
                        NDArray copy = detachedCopy(zk, masterDevice);
                        copy.detach(); // outlives rm
                        z.add(copy);
                    }
                }
                NDArray all = NDArrays.concat(new NDList(z), 0);
                all.detach();
                z.forEach(NDArray::close);
                return all;
            });
            clock.forwardDone();
            try (LossAndGrads lg = gatheredLossAndGrads(m, shards, copies)) {
                List<NDArray> grads = scatter(lg, shards, lossScale);
                clock.lossDone();
                // (3) replay each micro-batch with a graph; backward of sum(z · dL/dz)
                threads.forEach(i -> {
                    Shard s = shards.get(i);
                    Autograd.gradMode(true);
                    for (int k = 0; k < s.micro().size(); k++) {
                        try (NDManager rm = s.replica().model().manager().newSubManager()) {
                            NDArray z = forward(s.replica(), rm, s.micro().get(k), step, s.microSeeds().get(k));
                            NDArray g = onReplica(microRows(grads.get(i), s.micro(), k), z, rm);
                            Autograd.backward(z, g); // outside SeededForwards' lock
                        }
                    }
                    return null;
                });
                return clock.result((float) lg.loss(), batch.tokenCount());
            }
        }
    }

    /** {@code z}'s values without its graph, in fp32 on {@code device} (may share z's storage). */
    private static NDArray detachedCopy(NDArray z, Device device) {
        NDArray detached = z.stopGradient();
        NDArray moved = detached.toDevice(device, false);
        NDArray out = moved.toType(DataType.FLOAT32, false);
        closeUnless(out, detached, moved);
        return out;
    }

    private static void closeUnless(NDArray keep, NDArray... arrays) {
        for (NDArray a : arrays) {
            if (a != keep) {
                a.close();
            }
        }
    }

    /**
     * Pass (2) on the calling thread: gathers every replica's embeddings (each stacked like its
     * forwards: per micro-batch z1, z2, z3) in global order and computes the full-batch loss
     * and dL/dz. The copies join {@code m}.
     */
    private LossAndGrads gatheredLossAndGrads(NDManager m, List<Shard> shards, List<NDArray> copies) {
        List<NDArray> z1 = new ArrayList<>();
        List<NDArray> z2 = new ArrayList<>();
        List<NDArray> z3 = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            NDArray c = copies.get(i);
            c.attach(m);
            int row = 0;
            for (TokenizedBatch mb : shards.get(i).micro()) {
                int rows = rowsOf(mb);
                NDArray[] parts = split(c.get(row + ":" + (row + rows)), mb.size(), mb.hasNegatives());
                z1.add(parts[0]);
                z2.add(parts[1]);
                if (parts[2] != null) {
                    z3.add(parts[2]);
                }
                row += rows;
            }
        }
        NDArray all1 = NDArrays.concat(new NDList(z1), 0);
        NDArray all2 = NDArrays.concat(new NDList(z2), 0);
        NDArray all3 = z3.isEmpty() ? null : NDArrays.concat(new NDList(z3), 0);
        return loss.lossAndGrads(all1, all2, all3);
    }

    /**
     * Each replica's rows of {@code lossScale × dL/dz}, stacked like its forwards (per
     * micro-batch: z1, z2, z3 rows), on the master device.
     */
    private static List<NDArray> scatter(LossAndGrads lg, List<Shard> shards, float lossScale) {
        List<NDArray> out = new ArrayList<>();
        int row = 0;
        for (Shard s : shards) {
            NDList parts = new NDList();
            for (TokenizedBatch mb : s.micro()) {
                String rows = row + ":" + (row + mb.size());
                parts.add(lg.gradZ1().get(rows));
                parts.add(lg.gradZ2().get(rows));
                if (mb.hasNegatives()) {
                    parts.add(lg.gradZ3().get(rows));
                }
                row += mb.size();
            }
            NDArray g = NDArrays.concat(parts, 0);
            out.add(lossScale == 1f ? g : g.mul(Scalars.of(g, lossScale)));
        }
        return out;
    }

    /** The rows of micro-batch {@code k} in a replica's stacked gradient. */
    private static NDArray microRows(NDArray stacked, List<TokenizedBatch> micro, int k) {
        int row = 0;
        for (int j = 0; j < k; j++) {
            row += rowsOf(micro.get(j));
        }
        return stacked.get(row + ":" + (row + rowsOf(micro.get(k))));
    }

    private static int rowsOf(TokenizedBatch mb) {
        return (mb.hasNegatives() ? 3 : 2) * mb.size();
    }

    /** {@code g} on {@code z}'s device in {@code z}'s dtype, owned by {@code owner}. */
    private static NDArray onReplica(NDArray g, NDArray z, NDManager owner) {
        NDArray moved = g.toDevice(z.getDevice(), false);
        NDArray typed = moved.toType(z.getDataType(), false);
        if (moved != g) {
            closeUnless(typed, moved);
        }
        typed.attach(owner);
        return typed;
    }

    private static NDArray[] split(NDArray z, int n, boolean negatives) {
        NDArray a = z.get("0:" + n);
        NDArray p = z.get(n + ":" + (2 * n));
        NDArray h = negatives ? z.get((2 * n) + ":" + (3 * n)) : null;
        return new NDArray[] {a, p, h};
    }

    /** Stops the replicas' threads. */
    @Override
    public void close() {
        threads.close();
    }

}
