package sentemb.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sentemb} command line: one subcommand per verb. */
@Command(name = "sentemb", mixinStandardHelpOptions = true, version = "sentemb 0.1.0",
        description = "PromptEOL sentence embeddings from OPT models: train (contrastive, LoRA), eval (STS, transfer), embed, export.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            EmbedCommand.class,
            ExportCommand.class,
            InitCommand.class,
            IclSearchCommand.class,
            RegressionCommand.class,
            BenchCommand.class,
        })
public final class Main implements Runnable {
    /** Environment variable that adds the stack trace to error messages. */
    static final String DEBUG_ENV = "SENTEMB_DEBUG";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's stdout/stderr and returns the exit code. */
    public static int run(String... args) {
        boolean debug = debugFromEnvironment();
        return execute(commandLine(debug), args, debug);
    }

    /**
     * Runs the command line with its output going to {@code out} and its messages (errors,
     * usage hints) to {@code err}, and returns the exit code: 0 success, 2 bad input or usage,
     * 1 anything else. Tests call this.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = debugFromEnvironment();
        CommandLine cl = commandLine(debug);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return execute(cl, args, debug);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The configured command line; {@code debug} adds stack traces to error messages. */
    static CommandLine commandLine(boolean debug) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler(debug));
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        return cl;
    }

    /**
     * Executes {@code cl}. Exceptions reach {@link ErrorHandler}; picocli lets Errors (out of
     * memory, a native library that fails to load) through, and they get the same one line here.
     */
    static int execute(CommandLine cl, String[] args, boolean debug) {
        try {
            return cl.execute(args);
        } catch (Error e) {
            CommandLine verb = cl;
            for (CommandLine.ParseResult p = cl.getParseResult(); p != null; p = p.subcommand()) {
                verb = p.commandSpec().commandLine();
            }
            String msg = e instanceof OutOfMemoryError
                    ? "out of memory (" + e.getMessage() + "): give Java more with JAVA_OPTS=-Xmx<size>, or use smaller batches"
                    : e.getClass().getSimpleName() + ": " + ErrorMessages.describe(e);
            verb.getErr().println(verb.getCommandSpec().qualifiedName() + ": error: " + msg);
            if (debug) {
                e.printStackTrace(verb.getErr());
            }
            verb.getErr().flush();
            return ErrorHandler.FAILURE;
        }
    }

    static boolean debugFromEnvironment() {
        return "1".equals(System.getenv(DEBUG_ENV));
    }

    /** No verb given: a usage error that lists the verbs. */
    @Override
    public void run() {
        CommandLine cl = spec.commandLine();
        String verbs = String.join(", ", cl.getSubcommands().keySet().stream().filter(v -> !v.equals("help")).toList());
        throw new CommandLine.ParameterException(cl, "no command given; expected one of " + verbs);
    }
}
