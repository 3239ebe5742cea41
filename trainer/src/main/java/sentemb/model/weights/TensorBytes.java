package sentemb.model.weights;

import java.nio.ByteBuffer;

/** Converts raw checkpoint bytes to fp32 values and back, for the three readable dtypes. */
final class TensorBytes {

    private TensorBytes() {}

    /**
     * Reads {@code count} elements of {@code dtype} from {@code src} (its byte order already
     * set) into {@code dst[dstOff..]}.
     */
    static void decode(DType dtype, ByteBuffer src, float[] dst, int dstOff, int count) {
        switch (dtype) {
            case F32 -> src.asFloatBuffer().get(dst, dstOff, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = HalfFloats.halfToFloat(src.getShort(src.position() + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[dstOff + i] = HalfFloats.bf16ToFloat(src.getShort(src.position() + 2 * i));
                }
            }
            default -> throw new IllegalStateException("not a readable dtype: " + dtype);
        }
        src.position(src.position() + count * dtype.byteSize());
    }

    /** Writes {@code count} values from {@code src[srcOff..]} as {@code dtype} into {@code dst}. */
    static void encode(DType dtype, float[] src, int srcOff, int count, ByteBuffer dst) {
        switch (dtype) {
            case F32 -> {
                dst.asFloatBuffer().put(src, srcOff, count);
                dst.position(dst.position() + 4 * count);
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putShort(HalfFloats.floatToHalf(src[srcOff + i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putShort(HalfFloats.floatToBf16(src[srcOff + i]));
                }
            }
            default -> throw new IllegalArgumentException("cannot write dtype " + dtype
                    + ": only F32, F16 and BF16 are written");
        }
    }

    /** Throws the standard "cannot read this dtype" error naming tensor and file. */
    static void requireReadable(TensorInfo info) {
        if (!info.dtype().readable()) {
            throw new WeightFormatException("tensor '" + info.name() + "' in " + info.source() + " has dtype "
                    + info.dtype() + ": only F32, F16 and BF16 tensors can be read as model weights");
        }
        if (info.numel() > Integer.MAX_VALUE - 8) {
            throw new WeightFormatException("tensor '" + info.name() + "' in " + info.source() + " has "
                    + info.numel() + " elements (shape " + info.shapeString()
                    + "): more than one Java array can hold");
        }
    }
}
