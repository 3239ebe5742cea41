package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * The one fp32 copy of the trainable weights that the optimizer updates, and the gradient
 * sums it is updated with. When replica 0 computes in fp32 its arrays are the master copy
 * itself; otherwise (fp16) the master holds separate fp32 arrays. After every optimizer step
 * the values go back out to the replicas, so all copies stay identical.
 */
public final class MasterWeights implements AutoCloseable {
    private final List<Replica> replicas;
    private final List<TrainableParam> params = new ArrayList<>();
    private final List<NDArray> ownedArrays = new ArrayList<>();
    private final boolean aliasesReplica0;
    /** Detached aliases of the non-aliased replicas' trainable arrays, replica by replica (made by the first broadcast). */
    private List<NDArray> replicaViews;

    public MasterWeights(List<Replica> replicas, java.util.function.Predicate<String> decays) {
        this.replicas = replicas;
        Replica first = replicas.get(0);
        aliasesReplica0 = first.model().dtype() == DataType.FLOAT32;
        for (int i = 0; i < first.trainable().size(); i++) {
            NDArray src = first.trainable().get(i);
            NDArray master = src;
            if (!aliasesReplica0) {
                master = src.toType(DataType.FLOAT32, true);
                master.detach();
                ownedArrays.add(master);
            }
            params.add(new TrainableParam(first.trainableNames().get(i), master, decays.test(first.trainableNames().get(i))));
        }
    }

    public List<TrainableParam> params() {
        return params;
    }

    /**
     * Sums every replica's gradients into fp32 arrays on the master device, divided by
     * {@code lossScale}. The caller closes the returned arrays.
     */
    public List<NDArray> summedGradients(float lossScale) {
        List<NDArray> sums = new ArrayList<>(params.size());
        if (aliasesReplica0 && replicas.stream().allMatch(r -> r.model().dtype() == DataType.FLOAT32
                && r.model().device().equals(replicas.get(0).model().device()))) {
            // fp32 replicas on one device (the CPU's workers): summed into replica 0's gradients in
            // replica order, the values of the copying path below without its copies; handles, not
            // copies (clipping may scale them in place, which is fine: they are zeroed after the step)
            Replica first = replicas.get(0);
            for (int i = 0; i < params.size(); i++) {
                NDArray sum = gradientOf(first.trainable().get(i), first, i);
                for (int k = 1; k < replicas.size(); k++) {
                    Replica r = replicas.get(k);
                    try (NDArray g = gradientOf(r.trainable().get(i), r, i)) {
                        sum.addi(g);
                    }
                }
                if (lossScale != 1f) {
                    sum.divi(lossScale);
                }
                sums.add(sum);
            }
            return sums;
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray master = params.get(i).array();
            NDArray sum = null;
            for (Replica r : replicas) {
                NDArray g = gradientOf(r.trainable().get(i), r, i);
                if (sum == null) {
                    sum = freshCopy(g, master.getDevice(), DataType.FLOAT32);
                } else if (g.getDevice().equals(master.getDevice()) && g.getDataType() == DataType.FLOAT32) {
                    sum.addi(g); // the same values as adding a copy, without the copy
                } else {
                    try (NDArray g32 = freshCopy(g, master.getDevice(), DataType.FLOAT32)) {
                        sum.addi(g32);
                    }
                }
                g.close();
            }
            if (lossScale != 1f) {
                sum.divi(lossScale);
            }
            sums.add(sum);
        }
        return sums;
    }

    private static NDArray gradientOf(NDArray a, Replica r, int i) {
        NDArray g = a instanceof PtNDArray pt ? JniUtils.getGradient(pt) : a.getGradient();
        if (g == null) {
            throw new IllegalStateException("replica " + r.index() + ": no gradient reached " + r.trainableNames().get(i));
        }
        return g;
    }

    /** Zeroes every replica's accumulated gradients (the next step starts from nothing). */
    public void zeroReplicaGradients() {
        for (Replica r : replicas) {
            for (NDArray a : r.trainable()) {
                NDArray g = a instanceof PtNDArray pt ? JniUtils.getGradient(pt) : null;
                if (g != null) {
                    g.close();
                    // grad.zero_() in place; NDArray.set(NDIndex, value) would leave a scalar
                    // array attached to the model's manager on every call (a leak per step)
                    JniUtils.zeroGrad((PtNDArray) a);
                }
            }
        }
    }

    /**
     * Copies the master values into every replica that does not alias them (nor share a replica's
     * storage that does: the CPU's workers): one {@code copy_}
     * per array (it converts to the replica's dtype as {@code toType} does, and moves across
     * devices), into detached aliases of the replicas' arrays made on the first call.
     */
    public void broadcast() {
        if (replicaViews == null) {
            replicaViews = new ArrayList<>();
            for (Replica r : replicas) {
                if (skipsBroadcast(r)) {
                    continue;
                }
                for (NDArray a : r.trainable()) {
                    replicaViews.add(a.stopGradient());
                }
            }
        }
        int next = 0;
        for (Replica r : replicas) {
            if (skipsBroadcast(r)) {
                continue;
            }
            for (int i = 0; i < params.size(); i++) {
                InPlaceCopy.copy(replicaViews.get(next++), params.get(i).array());
            }
        }
    }

    /** Replica 0 when it is the master itself, and workers that share an earlier replica's storage. */
    private boolean skipsBroadcast(Replica r) {
        return (r.index() == 0 && aliasesReplica0) || r.sharesStorage();
    }

    /** A new array with {@code a}'s values on {@code device} in {@code type}; {@code a} is untouched. */
    static NDArray freshCopy(NDArray a, ai.djl.Device device, DataType type) {
        NDArray moved = a.toDevice(device, false);
        NDArray out = moved.toType(type, true);
        if (moved != a) {
            moved.close();
        }
        return out;
    }

    @Override
    public void close() {
        if (replicaViews != null) {
            replicaViews.forEach(NDArray::close);
        }
        ownedArrays.forEach(NDArray::close);
    }
}
