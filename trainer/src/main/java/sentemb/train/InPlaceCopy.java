package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * {@code dst.copy_(src)} as one engine call. DJL's {@code NDArray.set(NDIndex, NDArray)} takes
 * the same route but first reshapes and broadcasts the value (two more calls); an index of
 * full slices is the whole array, which libtorch writes with a single {@code copy_} (converting
 * the dtype as {@code toType} does; a source on another device is moved there first). Both
 * arrays must be PyTorch-engine arrays of the same shape; neither is closed.
 */
final class InPlaceCopy {
    private InPlaceCopy() {}

    static void copy(NDArray dst, NDArray src) {
        if (!dst.getShape().equals(src.getShape())) {
            throw new IllegalArgumentException("copy into " + dst.getShape() + " from " + src.getShape()
                    + ": shapes differ");
        }
        if (!(dst instanceof PtNDArray d) || !(src instanceof PtNDArray s)) {
            throw new IllegalArgumentException("in-place copy needs PyTorch-engine arrays, got "
                    + dst.getClass().getName() + " and " + src.getClass().getName());
        }
        if (!s.getDevice().equals(d.getDevice())) {
            // across devices: move first, then the same one-call copy (only multi-device runs pay this)
            try (NDArray moved = s.toDevice(d.getDevice(), true)) {
                copy(dst, moved);
            }
            return;
        }
        int rank = dst.getShape().dimension();
        long[] min = new long[rank];
        long[] max = dst.getShape().getShape();
        long[] step = new long[rank];
        java.util.Arrays.fill(step, 1);
        JniUtils.indexSet(d, s, min, max, step);
    }
}
