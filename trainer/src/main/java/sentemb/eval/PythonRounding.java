package sentemb.eval;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's {@code "%.2f" % x}: the exact binary value of x rounded half-to-even. Java's
 * {@code String.format} rounds the shortest decimal string half-up instead, which differs
 * on values like 2.675 (Python "2.67", Java "2.68").
 */
final class PythonRounding {
    private PythonRounding() {}

    static String format2(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(x).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        // BigDecimal has no negative zero; Python prints "-0.00" for small negatives and -0.0
        boolean negative = x < 0 || (x == 0 && 1 / x < 0);
        return negative && s.equals("0.00") ? "-0.00" : s;
    }

    /** {@code float("%.2f" % x)}. */
    static double round2(double x) {
        return Double.isFinite(x) ? Double.parseDouble(format2(x)) : x;
    }
}
