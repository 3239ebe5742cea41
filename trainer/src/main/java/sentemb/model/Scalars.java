package sentemb.model;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for arrays that autograd tracks.
 *
 * <p>Why: DJL's {@code NDArray.mul(Number)} (and div, maximum, ...) wraps the number in a
 * CPU tensor that borrows a Java direct buffer ({@code from_blob}) and closes it right after
 * the op. Autograd may keep that tensor for the backward pass (MulBackward saves its other
 * operand), and once the garbage collector frees the buffer the backward reads freed memory:
 * gradients turn silently wrong or NaN, depending on GC timing. A copy made by libtorch lives
 * in its own reference-counted memory, as long as the graph needs it.
 */
public final class Scalars {
    private Scalars() {}

    /** A 0-d tensor holding {@code value}, with {@code like}'s dtype, device and manager. */
    public static NDArray of(NDArray like, double value) {
        try (NDArray borrowed = like.getManager().create(value)) {
            // copy=true: a libtorch-owned copy (exact in float64, rounded once for float32/16)
            NDArray owned = borrowed.toType(like.getDataType(), true);
            return owned.getDevice().equals(like.getDevice()) ? owned : owned.toDevice(like.getDevice(), false);
        }
    }
}
