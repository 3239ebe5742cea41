package sentemb.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a verb into exactly one line on stderr,
 * {@code sentemb <verb>: error: <message>}, and exit code 2 (bad input: an invalid argument,
 * a missing or malformed file, a damaged checkpoint) or 1 (anything else). With
 * {@code SENTEMB_DEBUG=1} the stack trace follows the line.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        Throwable shown = ErrorMessages.reportable(ex);
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": error: " + ErrorMessages.describe(shown));
        if (debug) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return ErrorMessages.isBadInput(shown) ? BAD_INPUT : FAILURE;
    }
}
