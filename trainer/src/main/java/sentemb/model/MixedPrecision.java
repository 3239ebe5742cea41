package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * fp16 ↔ fp32 conversions that autograd tracks. DJL's {@code toType} runs under
 * {@code torch::NoGradGuard}, so a cast made with it cuts the graph: nothing before it gets a
 * gradient. These go through ops that carry a dtype instead, and whose backward casts the
 * gradient back exactly:
 *
 * <ul>
 *   <li>up: {@code x × fp32[1] of 1.0}; torch promotes fp16 × fp32 (both with a dimension) to
 *       fp32, and the backward of the product sends {@code grad × 1} back as fp16;
 *   <li>down: {@code cumprod(dtype = fp16)} over an added axis of length 1, which is the
 *       identity; torch converts the input to the requested dtype inside the op, on the graph;
 *   <li>softmax in fp32 straight from fp16 input: torch's {@code softmax(dim, dtype)}.
 * </ul>
 */
public final class MixedPrecision {
    private MixedPrecision() {}

    /** {@code x} as fp32, on the graph ({@code x} itself when it already is fp32). */
    public static NDArray toFloat32(NDArray x) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x;
        }
        return x.mul(Scalars.vector(x.getDevice(), DataType.FLOAT32, 1.0));
    }

    /** {@code x} as {@code type}, on the graph ({@code x} itself when it already has that type). */
    public static NDArray castDown(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        int axis = x.getShape().dimension();
        NDArray once = JniUtils.cumProd((PtNDArray) x.expandDims(axis), axis, type);
        return once.squeeze(axis);
    }

    /** Softmax along {@code axis} computed and returned in {@code type} (torch's {@code softmax(dim, dtype)}). */
    public static NDArray softmax(NDArray x, int axis, DataType type) {
        return JniUtils.softmax((PtNDArray) x, axis, type);
    }
}
