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

    static double parse(String raw, Path file, int line) {
        String s = PythonText.strip(raw);
        if (!DECIMAL.matcher(s).matches()) {
            throw new StsFormatException(file, line, "a finite decimal gold score but found '" + raw + "'");
        }
        return Double.parseDouble(s);
    }
}
