package sentemb.data.nli;

/**
 * An NLI file could not be read: a bad header, invalid UTF-8, no data rows, or more bad
 * rows than allowed. The message names the file, the line and what was expected.
 */
public final class NliFormatException extends IllegalArgumentException {
    private final String source;
    private final int line;
    private final transient BadRowReason reason;
    private final transient BadRowReport report;

    NliFormatException(String source, int line, BadRowReason reason, String message, BadRowReport report) {
        super(source + ":" + line + ": " + message);
        this.source = source;
        this.line = line;
        this.reason = reason;
        this.report = report;
    }

    /** The file (or other source name) being read. */
    public String source() {
        return source;
    }

    /** The 1-based physical line of the problem. */
    public int line() {
        return line;
    }

    /** The bad-row reason, or null when the problem is not a data row (header, encoding). */
    public BadRowReason reason() {
        return reason;
    }

    /** The bad rows seen up to this point, or null when the failure is not about rows. */
    public BadRowReport report() {
        return report;
    }
}
