package sentemb.eval;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson and Spearman correlation as scipy's {@code pearsonr}/{@code spearmanr} compute them:
 * Spearman is Pearson over ranks, tied values share the average of their ranks. When one
 * side is constant the correlation is undefined and NaN is returned (scipy also gives nan).
 */
public final class Correlations {
    private Correlations() {}

    private static final SpearmansCorrelation SPEARMAN =
            new SpearmansCorrelation(new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE));

    public static double pearson(double[] x, double[] y) {
        check(x, y);
        return new PearsonsCorrelation().correlation(x, y);
    }

    public static double spearman(double[] x, double[] y) {
        check(x, y);
        return SPEARMAN.correlation(x, y);
    }

    private static void check(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("correlation needs two arrays of equal length, got "
                    + x.length + " and " + y.length);
        }
        if (x.length < 2) {
            throw new IllegalArgumentException("correlation needs at least 2 pairs, got " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("correlation needs finite values; pair " + i + " is ("
                        + x[i] + ", " + y[i] + ")");
            }
        }
    }
}
