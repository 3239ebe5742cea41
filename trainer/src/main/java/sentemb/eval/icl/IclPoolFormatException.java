package sentemb.eval.icl;

import java.nio.file.Path;

/** A demonstration pool file that cannot be read as one: the message names the file and line. */
public final class IclPoolFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public IclPoolFormatException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
    }

    public IclPoolFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
