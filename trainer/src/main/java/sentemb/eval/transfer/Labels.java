package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.nio.file.Path;

/** Label parsing shared by the readers: Python's {@code int(text)} restricted to 0 / 1. */
final class Labels {
    private Labels() {}

    static int parseBinary(String text, Path file, int lineNumber, String line) {
        String t = PythonText.strip(text);
        if (t.equals("0") || t.equals("+0")) {
            return 0;
        }
        if (t.equals("1") || t.equals("+1")) {
            return 1;
        }
        throw TransferDataException.atLine(file, lineNumber, "expected label 0 or 1, got '" + text + "'", line);
    }
}
