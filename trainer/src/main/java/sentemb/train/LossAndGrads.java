package sentemb.train;

import ai.djl.ndarray.NDArray;

/**
 * A loss with its gradients with respect to the embeddings it was computed from (GradCache
 * step 2: the caller back-propagates {@code sum(z * gradZ)} through each encoder chunk). The
 * loss stays on the device until {@link #loss()} reads it, so a caller can start the chunks'
 * backward first and wait for the device once, at the end. The arrays are owned by the
 * caller; {@link #close()} frees them.
 */
public final class LossAndGrads implements AutoCloseable {
    private final NDArray loss;
    private final NDArray gradZ1;
    private final NDArray gradZ2;
    private final NDArray gradZ3;

    /**
     * @param loss the mean cross-entropy, a 0-d array (in the inputs' precision)
     * @param gradZ1 d loss / d z1 (same shape as the z1 passed in)
     * @param gradZ2 d loss / d z2
     * @param gradZ3 d loss / d z3, or null in pair mode
     */
    public LossAndGrads(NDArray loss, NDArray gradZ1, NDArray gradZ2, NDArray gradZ3) {
        this.loss = loss;
        this.gradZ1 = gradZ1;
        this.gradZ2 = gradZ2;
        this.gradZ3 = gradZ3;
    }

    /** The loss value (waits for the device to compute it). */
    public double loss() {
        return loss.toArray()[0].doubleValue();
    }

    public NDArray gradZ1() {
        return gradZ1;
    }

    public NDArray gradZ2() {
        return gradZ2;
    }

    public NDArray gradZ3() {
        return gradZ3;
    }

    @Override
    public void close() {
        loss.close();
        gradZ1.close();
        gradZ2.close();
        if (gradZ3 != null) {
            gradZ3.close();
        }
    }
}
