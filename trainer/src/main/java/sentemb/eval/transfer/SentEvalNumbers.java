package sentemb.eval.transfer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The arithmetic SentEval's score bookkeeping does, reproduced so that our two-decimal
 * numbers agree with its to the last digit: {@code np.mean} (pairwise summation), Python's
 * {@code round(float, 2)} and numpy's {@code round(np.float64, 2)} (which differ:
 * {@code round(2.675, 2)} is 2.67 in Python but {@code np.round} gives 2.68).
 */
final class SentEvalNumbers {
    private SentEvalNumbers() {}

    /** Python {@code round(x, 2)}: the exact binary value rounded half-even to 2 decimals. */
    static double pythonRound2(double x) {
        if (!Double.isFinite(x)) {
            return x;
        }
        return new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** numpy {@code np.round(x, 2)} = {@code rint(x * 100) / 100}. */
    static double numpyRound2(double x) {
        return Math.rint(x * 100.0) / 100.0;
    }

    /** {@code np.mean} of a float64 vector: numpy's pairwise sum divided by n. */
    static double numpyMean(List<Double> values) {
        double[] a = new double[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return pairwiseSum(a, 0, a.length) / a.length;
    }

    /** numpy's {@code pairwise_sum} (blocks of 128, eight accumulators, recursive halves). */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else if (n <= 128) {
            double[] r = new double[8];
            for (int j = 0; j < 8; j++) {
                r[j] = a[from + j];
            }
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
        }
    }

    /** {@code np.argmax}: the first index holding the maximum. */
    static int argmax(List<Double> values) {
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) > values.get(best)) {
                best = i;
            }
        }
        return best;
    }
}
