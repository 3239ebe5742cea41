package sentemb.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a verb into one clear line on stderr and exit code 2 (bad input)
 * or 1 (anything else). {@code SENTEMB_DEBUG=1} prints the stack trace too.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        Throwable root = ex;
        while (root.getCause() != null && (root instanceof java.util.concurrent.ExecutionException
                || root instanceof java.io.UncheckedIOException || root.getMessage() == null)) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        cl.getErr().println("sentemb " + cl.getCommandName() + ": error: " + msg);
        if ("1".equals(System.getenv("SENTEMB_DEBUG"))) {
            ex.printStackTrace(cl.getErr());
        }
        boolean badInput = root instanceof IllegalArgumentException || root instanceof java.nio.file.NoSuchFileException
                || root instanceof java.io.FileNotFoundException || root instanceof sentemb.checkpoint.CorruptCheckpointException;
        return badInput ? 2 : 1;
    }
}
