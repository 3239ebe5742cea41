package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.Objects;

/**
 * One trainable tensor: its name (as in the checkpoint, e.g. {@code model.decoder.layers.0.fc1.weight}),
 * the fp32 master weight, and whether AdamW's decoupled weight decay applies to it.
 *
 * <p>The array is owned by the caller (the model); this type never closes it. Its gradient is the
 * one PyTorch accumulates during {@code backward} inside a {@link ai.djl.training.GradientCollector}
 * (several backward passes add up, as GradCache needs, until {@link #zeroGradient()}). A
 * data-parallel trainer that keeps a master copy without autograd can instead hand gradients to
 * {@link AdamW#step(double, java.util.List)} and {@link GradClipping#clip(java.util.List, double)}
 * directly; then the array need not require a gradient.
 */
public final class TrainableParam {
    private final String name;
    private final NDArray array;
    private final boolean weightDecay;

    /**
     * @param name unique parameter name, used for optimizer state keys
     * @param array fp32 master weight (updated in place by {@link AdamW})
     * @param weightDecay whether AdamW's weight decay applies (false for biases and layer norms)
     */
    public TrainableParam(String name, NDArray array, boolean weightDecay) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("trainable parameter needs a non-blank name");
        }
        Objects.requireNonNull(array, () -> "parameter '" + name + "': array is null");
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("parameter '" + name + "': master weight must be float32, got "
                    + array.getDataType());
        }
        this.name = name;
        this.array = array;
        this.weightDecay = weightDecay;
    }

    /** A parameter whose decay flag follows the HF Trainer rule ({@link AdamW#noDecay(String)}). */
    public static TrainableParam withDefaultDecay(String name, NDArray array) {
        return new TrainableParam(name, array, !AdamW.noDecay(name));
    }

    public String name() {
        return name;
    }

    public NDArray array() {
        return array;
    }

    public boolean weightDecay() {
        return weightDecay;
    }

    public Shape shape() {
        return array.getShape();
    }

    /**
     * A new handle on the accumulated gradient. It shares storage with the gradient, so in-place
     * operations on it (clipping) change the gradient itself. The caller closes the handle; that
     * does not free the gradient.
     *
     * @throws IllegalStateException when the array does not require a gradient, or no backward
     *     pass has reached it yet (DJL would silently hand back a detached array of zeros; torch's
     *     optimizers skip such a parameter; here it is an error because every trainable
     *     parameter of this project is expected to receive a gradient)
     */
    public NDArray gradient() {
        PtNDArray pt = autogradArray();
        NDArray grad = JniUtils.getGradient(pt);
        if (grad == null) {
            throw new IllegalStateException("parameter '" + name + "' has no gradient yet:"
                    + " no backward pass reached it");
        }
        return grad;
    }

    /**
     * Sets the accumulated gradient to zero in place (nothing to do before the first backward
     * pass). Throws like {@link #gradient()} when the array does not require a gradient.
     */
    public void zeroGradient() {
        // grad().zero_() under NoGradGuard in libdjl_torch; allocates nothing (NDArray.set with
        // an NDIndex would leave a scalar array behind on every call)
        JniUtils.zeroGrad(autogradArray());
    }

    private PtNDArray autogradArray() {
        if (!(array instanceof PtNDArray pt)) {
            throw new IllegalStateException("parameter '" + name + "': autograd gradients need a PyTorch-engine"
                    + " array, got " + array.getClass().getName() + "; pass gradients explicitly instead");
        }
        if (!array.hasGradient()) {
            throw new IllegalStateException("parameter '" + name + "' does not require a gradient;"
                    + " call array.setRequiresGradient(true) or pass gradients explicitly");
        }
        return pt;
    }

    @Override
    public String toString() {
        return "TrainableParam[" + name + " " + array.getShape() + (weightDecay ? " decay" : " no-decay") + "]";
    }
}
