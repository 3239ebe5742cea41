package sentemb.eval.transfer;

/** SentEval's MRPC features {@code np.c_[|u - v|, u * v]}, in float32, row by row. */
final class PairFeatures {
    private PairFeatures() {}

    /**
     * @param u row-major (n, d) embeddings of the first sentences
     * @param v row-major (n, d) embeddings of the second sentences
     * @return row-major (n, 2d): columns 0..d-1 are |u - v|, columns d..2d-1 are u * v
     */
    static float[] build(float[] u, float[] v, int n, int d) {
        if (u.length != (long) n * d || v.length != (long) n * d) {
            throw new IllegalArgumentException("expected two " + n + "x" + d + " matrices, got " + u.length + " and "
                    + v.length + " values");
        }
        float[] out = new float[Math.multiplyExact(Math.multiplyExact(n, 2), d)];
        for (int i = 0; i < n; i++) {
            int in = i * d;
            int o = i * 2 * d;
            for (int j = 0; j < d; j++) {
                out[o + j] = Math.abs(u[in + j] - v[in + j]);
                out[o + d + j] = u[in + j] * v[in + j];
            }
        }
        return out;
    }
}
