package sentemb.spark;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * One line on stderr per failure, {@code <job>: error: <message>}: exit 2 for bad input (an
 * option, a missing folder, a malformed line or row, which Spark wraps in a task failure and
 * is unwrapped here), 1 for anything else. {@code SENTEMB_DEBUG=1} adds the stack trace.
 */
final class JobErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        Throwable shown = BadInputException.find(ex);
        if (shown == null) {
            for (Throwable c = ex; c != null && shown == null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException || c instanceof java.io.UncheckedIOException) {
                    shown = c;
                }
            }
        }
        boolean badInput = shown != null;
        if (shown == null) {
            shown = ex;
        }
        String msg = shown.getMessage() == null ? shown.toString() : shown.getMessage().lines().findFirst().orElse("");
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": error: " + msg);
        if ("1".equals(System.getenv("SENTEMB_DEBUG"))) {
            ex.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return badInput ? 2 : 1;
    }

    /** Runs a job's command line with this handler. */
    static int run(Object job, java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(job).setExecutionExceptionHandler(new JobErrors());
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
