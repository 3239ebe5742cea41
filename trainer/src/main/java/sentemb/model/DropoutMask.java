package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
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
    /** Elements per heap block; even, so every share starts at the first element of a pair. */
    private static final int BLOCK = 2048;

    private DropoutMask() {}

    /** SplitMix64's finaliser (Stafford's mix 13): a bijection of 64-bit words that scatters every input bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Drop threshold on the unsigned 32-bit draw: {@code round(p · 2³²)}. */
    static long threshold(float p) {
        return Math.min(Math.round((double) p * 0x1p32), 0xFFFFFFFFL);
    }

    /**
     * The mask bits of one element: {@code keepBits} if its unsigned 32-bit draw is at least
     * {@code threshold}, else 0 (+0.0f), without a branch (the draws are random, a branch would
     * be mispredicted once in 1/p elements).
     */
    static int maskBits(long draw32, long threshold, int keepBits) {
        return keepBits & (int) ~((draw32 - threshold) >> 63);
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
        IntBuffer out = JniUtils.getByteBuffer((PtNDArray) mask, true).order(ByteOrder.nativeOrder()).asIntBuffer();
        long limit = threshold(p);
        int keepBits = Float.floatToRawIntBits(1f / (float) (1.0 - p));
        int shares = CpuWorkers.shares(n);
        CpuWorkers.run(shares, i -> fill(out, (int) CpuWorkers.bound(n, shares, i, BLOCK),
                (int) CpuWorkers.bound(n, shares, i + 1, BLOCK), key, limit, keepBits));
        return mask;
    }

    /** Elements {@code [from, to)}; {@code from} is even (a multiple of {@link #BLOCK}). */
    private static void fill(IntBuffer out, int from, int to, long key, long limit, int keepBits) {
        int[] block = new int[BLOCK];
        for (int at = from; at < to; at += BLOCK) {
            int len = Math.min(BLOCK, to - at);
            int pairs = len >>> 1;
            long pair = at >>> 1;
            for (int i = 0; i < pairs; i++) {
                long bits = mix(key + (pair + i + 1) * GOLDEN_GAMMA);
                block[2 * i] = maskBits(bits & 0xFFFFFFFFL, limit, keepBits);
                block[2 * i + 1] = maskBits(bits >>> 32, limit, keepBits);
            }
            if ((len & 1) != 0) { // an odd total: the last element takes the low half of its pair's word
                long bits = mix(key + (pair + pairs + 1) * GOLDEN_GAMMA);
                block[len - 1] = maskBits(bits & 0xFFFFFFFFL, limit, keepBits);
            }
            out.put(at, block, 0, len);
        }
    }
}
