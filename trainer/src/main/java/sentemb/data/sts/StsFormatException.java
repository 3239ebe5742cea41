package sentemb.data.sts;

import java.nio.file.Path;

/** A STS data file that does not have the shape SentEval's loaders expect. */
public class StsFormatException extends IllegalArgumentException {
    private final Path file;
    private final int line;

    /**
     * @param file     the offending file
     * @param line     1-based line number, or 0 when the problem concerns the whole file
     * @param expected what the loader expected to find there
     */
    public StsFormatException(Path file, int line, String expected) {
        super(file + (line > 0 ? ":" + line : "") + ": expected " + expected);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, 0 when the problem concerns the whole file. */
    public int line() {
        return line;
    }
}
