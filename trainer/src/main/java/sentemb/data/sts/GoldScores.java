package sentemb.data.sts;

import sentemb.text.PythonText;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Parses gold scores the way Python's {@code float(text)} reads the numbers STS files hold. */
final class GoldScores {
    private GoldScores() {}

    // Python's float() also takes nan/inf and digit underscores; a gold score like that is a
    // broken file, not data, so only finite decimal numbers are accepted.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** STS12-16 and STS-B gold scores: 0 (unrelated) to 5 (equivalent). */
    static final double[] STS_RANGE = {0, 5};
    /** SICK relatedness: 1 to 5. */
    static final double[] SICK_RANGE = {1, 5};

    /** A gold score inside {@code range} (min, max inclusive): one outside it is a broken file. */
    static double parse(String raw, Path file, int line, double[] range) {
        String s = PythonText.strip(raw);
        if (!DECIMAL.matcher(s).matches()) {
            throw new StsFormatException(file, line, "a finite decimal gold score but found '" + raw + "'");
        }
        double v = Double.parseDouble(s);
        if (v < range[0] || v > range[1]) {
            throw new StsFormatException(file, line, "a gold score from " + fmt(range[0]) + " to " + fmt(range[1])
                    + " but found " + PythonText.strip(raw));
        }
        return v;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
