package sentemb.train.parallel;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The engine's autograd, driven per thread. DJL allows one {@code GradientCollector} in the
 * whole JVM (a static flag), but libtorch's grad mode is thread-local: a replica thread sets
 * it itself and calls the engine's backward directly, as the collector would. A thread DJL
 * did not set up starts with grad mode on, so a forward without a graph must switch it off.
 */
public final class Autograd {
    private Autograd() {}

    /** Turns recording of the graph on or off for the calling thread. */
    public static void gradMode(boolean on) {
        JniUtils.setGradMode(on);
    }

    /** Back-propagates {@code head} with upstream gradient {@code grad} (same shape), freeing the graph. */
    public static void backward(NDArray head, NDArray grad) {
        JniUtils.backward((PtNDArray) head, (PtNDArray) grad, false, false);
    }

    /** Back-propagates a scalar {@code head} (upstream gradient 1). */
    public static void backward(NDArray head) {
        try (NDArray one = head.onesLike()) {
            backward(head, one);
        }
    }
}
