package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Embedding lookups whose gradient touches only the rows a batch used. A step of 24 prompts uses
 * a few hundred of OPT's 50,272 token rows; torch's default (dense) embedding backward still
 * builds a zero-filled gradient of the whole matrix (154 MB for opt-125m, fresh memory every
 * step) and adds it into the accumulated one, about 150–220 ms a step on two cores. With a
 * sparse backward the rows are added straight into the accumulated gradient instead, in a few
 * milliseconds: into a zeroed gradient (one backward per step) the same sums in the same order,
 * bit-identical; over several backward passes (GradCache) the same sums in another order
 * ({@code EmbeddingLookupTest}).
 *
 * <p>The accumulated gradient must exist, dense, before the first backward: given no gradient,
 * autograd would store the sparse one as it is, and every later step would add sparse to sparse.
 * {@link #requireGradient} gives a trainable array a dense zero gradient up front, so every step
 * sees a dense {@code .grad} that the optimizer reads and zeroes in place.
 */
public final class EmbeddingLookup {
    private EmbeddingLookup() {}

    /** {@code weight[ids]}, with a sparse (row) gradient for {@code weight} (dense in a {@link TorchKernels} scope that asks for it). */
    public static NDArray lookup(NDArray ids, NDArray weight) {
        SparseFormat gradient = TorchKernels.current().denseEmbeddingGradients() ? SparseFormat.DENSE : SparseFormat.COO;
        return Embedding.embedding(ids, weight, gradient).singletonOrThrow();
    }

    /**
     * Marks {@code a} trainable and, unless it already has one, gives it a dense zero gradient
     * (one backward of {@code sum(a) · 0} on the calling thread).
     */
    public static void requireGradient(NDArray a) {
        a.setRequiresGradient(true);
        PtNDArray pt = (PtNDArray) a;
        NDArray existing = JniUtils.getGradient(pt);
        if (existing != null) {
            existing.close();
            return;
        }
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try (NDArray sum = a.sum(); NDArray zero = sum.mul(Scalars.of(sum, 0)); NDArray one = zero.onesLike()) {
            JniUtils.backward((PtNDArray) zero, (PtNDArray) one, false, false);
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }
}
