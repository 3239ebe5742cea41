package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/** Attention probabilities from scores and a visibility mask, shared by every decoder family. */
public final class MaskedSoftmax {
    private MaskedSoftmax() {}

    /**
     * {@code softmax(where(allowed, scores, fill))} over the last axis. A large finite fill (not
     * -inf) keeps fully padded query rows finite instead of NaN. fp16 scores get their softmax in
     * fp32, as Hugging Face does, through casts that autograd tracks ({@link MixedPrecision}).
     */
    public static NDArray probabilities(NDArray scores, NDArray allowed) {
        DataType dt = scores.getDataType();
        double fill = dt == DataType.FLOAT16 ? -65504.0 : -3.0e38;
        NDArray masked = NDArrays.where(allowed.broadcast(scores.getShape()), scores, Scalars.of(scores, fill));
        return dt == DataType.FLOAT16
                ? MixedPrecision.castDown(MixedPrecision.softmax(masked, -1, DataType.FLOAT32), dt)
                : masked.softmax(-1);
    }
}
