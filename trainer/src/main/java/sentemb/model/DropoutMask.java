package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import sentemb.engine.CpuWorkers;

/**
 * A CPU dropout mask: float32 {@code 1 / (1 − p)} where an element is kept, 0 where it is
 * dropped, written by Java threads into a new libtorch array's memory.
 *
 * <p>Counter-based: the 64 random bits of element pair {@code q} are SplitMix64's finaliser of
 * {@code key + (q + 1) · γ} (γ the golden-ratio increment: the sequence {@code
 * java.util.SplittableRandom} produces from seed {@code key}), the low 32 bits deciding element
 * {@code 2q} and the high 32 bits element {@code 2q + 1}. Any range of elements can be computed
 * on its own, so the mask is the same however it is split across threads. An element is dropped
 * when its 32 bits, unsigned, fall below {@code round(p · 2³²)}: probability {@code p} to within
 * 2⁻³³. The keep value is {@code 1 / (float) (1 − p)} in float32, what torch's dropout multiplies
 * by.
 */
final class DropoutMask {
    /** SplitMix64's increment, 2⁶⁴ / φ. */
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    /** Elements per task (the tasks run on {@link CpuWorkers}). */
    private static final int TASK = 1 << 16;
    private static final int BLOCK = 2048;

    private DropoutMask() {}

    /** SplitMix64's finaliser (Stafford's mix 13): a bijection of 64-bit words that scatters every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Drop threshold on the unsigned 32-bit draw, as a signed int for a biased compare. */
    static int threshold(float p) {
        long t = Math.round((double) p * 0x1p32);
        return (int) Math.min(t, 0xFFFFFFFFL) ^ Integer.MIN_VALUE;
    }

    /** Whether the unsigned 32-bit draw {@code bits} keeps its element, for a {@link #threshold}. */
    static boolean kept(int bits, int biasedThreshold) {
        return (bits ^ Integer.MIN_VALUE) >= biasedThreshold;
    }

    /** The mask for an array of {@code shape} on the CPU, attached to {@code manager}. */
    static NDArray create(NDManager manager, Shape shape, float p, long key) {
        if (!(p > 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in (0, 1), got " + p);
        }
        NDArray mask = manager.create(shape, DataType.FLOAT32);
        long n = shape.size();
        if (n * Float.BYTES > Integer.MAX_VALUE) {
            mask.close();
            throw new IllegalArgumentException("dropout mask of " + n + " elements exceeds 2 GiB");
        }
        FloatBuffer out = JniUtils.getByteBuffer((PtNDArray) mask, true).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int limit = threshold(p);
        float keep = 1f / (float) (1.0 - p);
        List<Runnable> tasks = new ArrayList<>();
        for (int from = 0; from < n; from += TASK) {
            int start = from;
            int end = (int) Math.min(n, (long) from + TASK);
            tasks.add(() -> fill(out, start, end, key, limit, keep));
        }
        CpuWorkers.run(tasks);
        return mask;
    }

    /** Elements {@code [from, to)}; {@code from} is even (a multiple of {@link #TASK}). */
    private static void fill(FloatBuffer out, int from, int to, long key, int limit, float keep) {
        float[] block = new float[BLOCK];
        for (int at = from; at < to; at += BLOCK) {
            int len = Math.min(BLOCK, to - at);
            long pair = at >>> 1;
            for (int i = 0; i < len; i += 2, pair++) {
                long bits = mix(key + (pair + 1) * GOLDEN_GAMMA);
                block[i] = kept((int) bits, limit) ? keep : 0f;
                if (i + 1 < len) {
                    block[i + 1] = kept((int) (bits >>> 32), limit) ? keep : 0f;
                }
            }
            out.put(at, block, 0, len);
        }
    }
}
