package sentemb.eval;

/**
 * SentEval's default STS similarity, {@code nan_to_num(cosine(nan_to_num(u), nan_to_num(v)))}:
 * NaN components count as 0 and infinities as ±Float.MAX_VALUE, and an undefined cosine
 * (a zero vector) is 0. Accumulates in double.
 */
public final class CosineSimilarity {
    private CosineSimilarity() {}

    public static double cosine(float[] u, float[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("cosine of vectors of different widths " + u.length + " and " + v.length);
        }
        double dot = 0;
        double uu = 0;
        double vv = 0;
        for (int i = 0; i < u.length; i++) {
            double a = finite(u[i]);
            double b = finite(v[i]);
            dot += a * b;
            uu += a * a;
            vv += b * b;
        }
        // same operation order as numpy: dot(u, v) / (norm(u) * norm(v))
        double c = dot / (Math.sqrt(uu) * Math.sqrt(vv));
        return Double.isNaN(c) ? 0.0 : c;
    }

    private static double finite(float x) {
        if (Float.isNaN(x)) {
            return 0.0;
        }
        if (Float.isInfinite(x)) {
            return x > 0 ? Float.MAX_VALUE : -Float.MAX_VALUE;
        }
        return x;
    }
}
