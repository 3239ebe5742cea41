package sentemb.train;

import ai.djl.ndarray.NDArray;

/**
 * A loss value with its gradients with respect to the embeddings it was computed from (GradCache
 * step 2: the caller back-propagates {@code sum(z * gradZ)} through each encoder chunk).
 * The gradients are owned by the caller; {@link #close()} frees them.
 *
 * @param loss the mean cross-entropy (in the inputs' precision)
 * @param gradZ1 d loss / d z1 (same shape as the z1 passed in)
 * @param gradZ2 d loss / d z2
 * @param gradZ3 d loss / d z3, or null in pair mode
 */
public record LossAndGrads(double loss, NDArray gradZ1, NDArray gradZ2, NDArray gradZ3) implements AutoCloseable {
    @Override
    public void close() {
        gradZ1.close();
        gradZ2.close();
        if (gradZ3 != null) {
            gradZ3.close();
        }
    }
}
