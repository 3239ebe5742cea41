package sentemb.spark;

/**
 * A row or file the job cannot embed; the message names it (file and line, or the row) and
 * says what was expected. Raised inside Spark tasks and unwrapped on the driver.
 */
public final class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) {
        super(message);
    }

    /** The first BadInputException in {@code t}'s cause chain, or null. */
    static BadInputException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException b) {
                return b;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
