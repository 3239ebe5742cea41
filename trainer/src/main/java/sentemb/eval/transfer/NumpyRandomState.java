package sentemb.eval.transfer;

import org.apache.commons.math3.random.MersenneTwister;

/**
 * The parts of numpy's legacy {@code RandomState} that SentEval's classifier and
 * scikit-learn's shuffled {@code StratifiedKFold} use, reproduced bit for bit:
 * MT19937 seeded with {@code init_genrand(seed)}, and {@code shuffle} as a Fisher-Yates pass
 * from the end whose bounded draws are masked 32-bit outputs with rejection.
 * commons-math3's {@link MersenneTwister#MersenneTwister(int)} is the same generator and
 * seeding, and its {@code nextInt()} is one untempered-then-tempered 32-bit output.
 */
final class NumpyRandomState {
    private final MersenneTwister mt;

    /**
     * @param seed 0 ≤ seed ≤ 2^31 − 1. numpy accepts up to 2^32 − 1, but commons-math3 seeds
     *     from a signed int and sign-extends larger values, so those are refused rather than
     *     silently giving another stream.
     */
    NumpyRandomState(long seed) {
        if (seed < 0 || seed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seed must be between 0 and 2^31 - 1, got " + seed);
        }
        this.mt = new MersenneTwister((int) seed);
    }

    /** {@code np.random.permutation(n)}. */
    int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        shuffle(a);
        return a;
    }

    /** {@code RandomState.shuffle} on a 1-d array, in place. */
    void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = (int) boundedDraw(i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** numpy's legacy {@code random_interval(max)}: uniform on [0, max] by masked rejection. */
    private long boundedDraw(long max) {
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = (mt.nextInt() & 0xFFFFFFFFL) & mask;
        } while (value > max);
        return value;
    }
}
