package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import sentemb.engine.CpuWorkers;

/**
 * AdamW's element-wise update on the CPU as one pass of Java arithmetic over the tensors' own
 * memory (zero-copy direct buffers of the contiguous weight, gradient and moment arrays),
 * instead of the fifteen engine ops of {@link AdamW}'s op-by-op path, each of which reads and
 * writes whole arrays: on a memory-bound update that is most of its cost, and for small models
 * the calls themselves are. Java float arithmetic rounds every operation to float32 and never
 * fuses a multiply and an add, so each element goes through exactly the roundings of the op
 * sequence ({@code AdamWFusedTest} compares them bit for bit), but for the square root (below).
 *
 * <p>The square root is IEEE's (correctly rounded), as CUDA and PyTorch builds without MKL take
 * it; libtorch's CPU {@code sqrt} here is MKL's vector math, within an ulp but not correctly
 * rounded (17% of float32 values differ), so on the CPU the op-by-op path and this loop differ
 * in the last bit of some updates, and this loop is the one that matches the reference's arithmetic.
 *
 * <p>Elements are independent, so the parameters are cut into ranges that run on {@link
 * CpuWorkers} (the engine is idle during the update). Each range is copied block by block into
 * heap arrays, updated by loops the JIT can vectorise, and copied back.
 */
final class AdamWLoop {
    /** Elements per heap block: four arrays of it stay in a core's L2 cache. */
    private static final int BLOCK = 4096;

    private AdamWLoop() {}

    /**
     * The step's float32 constants, as the op-by-op path's scalar arrays hold them;
     * {@code sqrtBiasCorrection2} is 1 for {@code transformers.AdamW}, which divides by none.
     */
    record Coefficients(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float eps,
            float sqrtBiasCorrection2, float negStepSize, float decayFactor, float gradScale, boolean torchVariant) {}

    /** One parameter's arrays: weight, gradient, exp_avg, exp_avg_sq (float32, contiguous, on the CPU). */
    record Tensors(NDArray weight, NDArray gradient, NDArray expAvg, NDArray expAvgSq, boolean decay) {}

    /** Whether the loop can update this parameter in place: float32 arrays in CPU memory. */
    static boolean accepts(NDArray a) {
        return a instanceof PtNDArray && ai.djl.Device.Type.CPU.equals(a.getDevice().getDeviceType()) && a.getDataType() == DataType.FLOAT32
                && a.getShape().size() * Float.BYTES <= Integer.MAX_VALUE;
    }

    /**
     * Updates every parameter; returns when all are done. The parameters' elements, end to end,
     * are cut into {@link CpuWorkers#shares} equal ranges, one a thread.
     */
    static void update(List<Tensors> params, Coefficients k) {
        int count = params.size();
        FloatBuffer[][] buffers = new FloatBuffer[count][];
        long[] start = new long[count + 1];
        for (int i = 0; i < count; i++) {
            Tensors t = params.get(i);
            FloatBuffer[] b = {floats(t.weight()), floats(t.gradient()), floats(t.expAvg()), floats(t.expAvgSq())};
            int n = b[0].capacity();
            if (b[1].capacity() != n || b[2].capacity() != n || b[3].capacity() != n) {
                throw new IllegalStateException("AdamW: arrays of one parameter differ in size: weight " + n
                        + ", gradient " + b[1].capacity() + ", exp_avg " + b[2].capacity() + ", exp_avg_sq "
                        + b[3].capacity());
            }
            buffers[i] = b;
            start[i + 1] = start[i] + n;
        }
        long total = start[count];
        int shares = CpuWorkers.shares(total);
        CpuWorkers.run(shares, s -> {
            long from = CpuWorkers.bound(total, shares, s, BLOCK);
            long to = CpuWorkers.bound(total, shares, s + 1, BLOCK);
            for (int i = 0; i < count; i++) {
                long lo = Math.max(from, start[i]);
                long hi = Math.min(to, start[i + 1]);
                if (lo < hi) {
                    FloatBuffer[] b = buffers[i];
                    updateRange(b[0], b[1], b[2], b[3], (int) (lo - start[i]), (int) (hi - start[i]), k,
                            params.get(i).decay());
                }
            }
        });
    }

    /** The array's memory as floats, without a copy (the arrays are contiguous by construction). */
    private static FloatBuffer floats(NDArray a) {
        return JniUtils.getByteBuffer((PtNDArray) a, true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void updateRange(FloatBuffer w, FloatBuffer g, FloatBuffer m, FloatBuffer v, int from, int to,
            Coefficients k, boolean decay) {
        float[] wa = new float[BLOCK];
        float[] ga = new float[BLOCK];
        float[] ma = new float[BLOCK];
        float[] va = new float[BLOCK];
        for (int at = from; at < to; at += BLOCK) {
            int len = Math.min(BLOCK, to - at);
            w.get(at, wa, 0, len);
            g.get(at, ga, 0, len);
            m.get(at, ma, 0, len);
            v.get(at, va, 0, len);
            // torch decays before the update, transformers' AdamW after it (and takes no
            // bias-correction divisor: its Coefficients carry 1, an exact no-op, as is a factor 1)
            boolean decayFirst = decay && k.torchVariant();
            update(wa, ga, ma, va, len, k, decayFirst ? k.decayFactor() : 1f);
            if (decay && !k.torchVariant()) {
                decayAfter(wa, len, k.decayFactor());
            }
            w.put(at, wa, 0, len);
            m.put(at, ma, 0, len);
            v.put(at, va, 0, len);
        }
    }

    /**
     * The moments and the bias-corrected update, after multiplying the weights by {@code
     * decayFactor} (torch's decay; 1, an exact no-op, otherwise): {@code torch.optim.AdamW}, and
     * {@code transformers.AdamW} with a bias-correction divisor of 1 (its eps comes before the
     * correction, which its step size carries).
     */
    private static void update(float[] w, float[] g, float[] m, float[] v, int len, Coefficients k, float decayFactor) {
        float scale = k.gradScale();
        float b1 = k.beta1();
        float c1 = k.oneMinusBeta1();
        float b2 = k.beta2();
        float c2 = k.oneMinusBeta2();
        float sqrtBc2 = k.sqrtBiasCorrection2();
        float eps = k.eps();
        float step = k.negStepSize();
        for (int i = 0; i < len; i++) {
            float gi = g[i] * scale;
            float wi = w[i] * decayFactor;
            float mi = m[i] * b1 + gi * c1;
            float vi = v[i] * b2 + gi * gi * c2;
            float denom = (float) Math.sqrt(vi) / sqrtBc2 + eps;
            w[i] = wi + mi / denom * step;
            m[i] = mi;
            v[i] = vi;
        }
    }

    /** HF's decoupled decay after the update: {@code w += w · (−lr·wd)}. */
    private static void decayAfter(float[] w, int len, float decayFactor) {
        for (int i = 0; i < len; i++) {
            w[i] = w[i] + w[i] * decayFactor;
        }
    }
}
