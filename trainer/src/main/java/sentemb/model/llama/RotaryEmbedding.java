package sentemb.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embeddings in Hugging Face's convention: {@code inv_freq = 1/θ^(2i/d)}
 * (then {@link RopeScaling}), angles {@code pos · inv_freq} for the first and again for the
 * second half of each head ({@code cat(freqs, freqs)}), and
 * {@code rotate_half(x) = cat(-x₂, x₁)}: {@code x' = x·cos + rotate_half(x)·sin}.
 * Angles are computed in fp32, as transformers does with autocast off.
 */
final class RotaryEmbedding {
    private final float[] invFreq;
    /** invFreq on the model's device, uploaded once (a per-forward upload is a host sync on a GPU). */
    private NDArray invOnDevice;

    RotaryEmbedding(LlamaConfig c) {
        int d = c.headDim();
        double[] f = new double[d / 2];
        for (int i = 0; i < f.length; i++) {
            // transformers: 1.0 / (base ** (arange(0, d, 2).float() / d)), in fp32
            float exponent = (float) (2 * i) / d;
            f[i] = 1.0f / (float) Math.pow(c.ropeTheta(), exponent);
        }
        if (c.ropeScaling() != null) {
            f = c.ropeScaling().apply(f);
        }
        invFreq = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            invFreq[i] = (float) f[i];
        }
    }

    /**
     * cos and sin for {@code positions} (int64): {@code B × T} gives {@code B × 1 × T × headDim}
     * each, packed {@code N} gives {@code N × 1 × headDim}; in {@code dtype}.
     */
    NDArray[] cosSin(NDArray positions, DataType dtype) {
        NDArray inv = inverseFrequencies(positions);
        int last = positions.getShape().dimension();
        NDArray freqs = positions.toType(DataType.FLOAT32, false).expandDims(last).mul(inv);
        NDArray emb = NDArrays.concat(new NDList(freqs, freqs), last).expandDims(1);
        return new NDArray[] {emb.cos().toType(dtype, false), emb.sin().toType(dtype, false)};
    }

    private synchronized NDArray inverseFrequencies(NDArray like) {
        if (invOnDevice == null || !invOnDevice.getDevice().equals(like.getDevice())) {
            // kept by a manager of its own for the model's lifetime, like Scalars' constants
            NDManager keep = NDManager.newBaseManager(like.getDevice());
            invOnDevice = keep.create(invFreq, new Shape(invFreq.length));
        }
        return invOnDevice;
    }

    /** {@code x · cos + rotate_half(x) · sin} over the last axis ({@code headDim}) of {@code x}. */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        int axis = x.getShape().dimension() - 1;
        long half = x.getShape().get(axis) / 2;
        NDList parts = x.split(new long[] {half}, axis);
        NDArray rotated = NDArrays.concat(new NDList(parts.get(1).neg(), parts.get(0)), axis);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
