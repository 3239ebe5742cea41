package sentemb.eval.transfer;

import java.nio.file.Path;

/** A transfer-task file that cannot be read the way SentEval reads it. */
public class TransferDataException extends IllegalArgumentException {

    public TransferDataException(String message) {
        super(message);
    }

    public TransferDataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error at one line of one file: "FILE line N: WHAT (line: 'TEXT')". */
    static TransferDataException atLine(Path file, int lineNumber, String what, String line) {
        String shown = line.length() > 120 ? line.substring(0, 120) + "..." : line;
        return new TransferDataException(file + " line " + lineNumber + ": " + what + " (line: '" + shown + "')");
    }
}
