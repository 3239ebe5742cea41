package sentemb.data.nli;

/**
 * Steele, Lea and Flood's SplitMix64 generator, written out here (rather than relying on
 * {@link java.util.SplittableRandom}, whose algorithm the JDK does not promise to keep) so
 * that shuffles are reproducible across JVMs and checkable against a few lines of Python
 * ({@code scripts/nli_sampler_reference.py}).
 */
final class SplitMix64 {
    static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private long state;

    SplitMix64(long state) {
        this.state = state;
    }

    /**
     * The generator for one epoch's shuffle: a function of (seed, epoch) only, so epochs
     * are independent of each other and of anything consumed before.
     */
    static SplitMix64 forEpoch(long seed, int epoch) {
        return new SplitMix64(mix64(seed ^ mix64((epoch + 1L) * GOLDEN_GAMMA)));
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /**
     * Uniform in [0, bound) by unsigned remainder; the bias is below bound / 2^64,
     * negligible for any dataset size.
     */
    int nextInt(int bound) {
        return (int) Long.remainderUnsigned(nextLong(), bound);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A Fisher–Yates (Durstenfeld) shuffle of 0..n-1: for i = n-1..1 swap i with nextInt(i+1). */
    static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplitMix64 rng = forEpoch(seed, epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
