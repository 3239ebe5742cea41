package sentemb.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import sentemb.logging.ConsoleLogging;

/** {@code sentemb} command line: one subcommand per verb. */
@Command(name = "sentemb", mixinStandardHelpOptions = true, versionProvider = Main.BuildVersion.class,
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

    /** The environment the verbs read (recipe overrides); the process's unless a test gives one. */
    private final Map<String, String> environment;
    /** Byte streams for {@code embed --input -} / {@code --output -}; the process's unless a test gives others. */
    private InputStream stdin = System.in;
    private java.io.OutputStream stdout = System.out;

    private Main(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The environment of the command line {@code spec} belongs to. */
    static Map<String, String> environment(CommandSpec spec) {
        return ((Main) spec.root().userObject()).environment;
    }

    static InputStream stdin(CommandSpec spec) {
        return ((Main) spec.root().userObject()).stdin;
    }

    static java.io.OutputStream stdout(CommandSpec spec) {
        return ((Main) spec.root().userObject()).stdout;
    }

    /** Runs with {@code stdin}/{@code stdout} as the byte streams behind {@code -} (tests). */
    static int run(PrintWriter out, PrintWriter err, InputStream stdin, java.io.OutputStream stdout, String... args) {
        boolean debug = debugFromEnvironment(System.getenv());
        CommandLine cl = commandLine(debug, System.getenv());
        Main main = cl.getCommand();
        main.stdin = stdin;
        main.stdout = stdout;
        cl.setOut(out);
        cl.setErr(err);
        try {
            return execute(cl, args, debug);
        } finally {
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the process's stdout/stderr and returns the exit code. */
    public static int run(String... args) {
        boolean debug = debugFromEnvironment(System.getenv());
        return execute(commandLine(debug, System.getenv()), args, debug);
    }

    /**
     * Runs the command line with its output going to {@code out} and its messages (errors,
     * usage hints) to {@code err}, and returns the exit code: 0 success, 2 bad input or usage,
     * 1 anything else. Tests call this.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(out, err, System.getenv(), args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)} with {@code environment} in place of the process's. */
    static int run(PrintWriter out, PrintWriter err, Map<String, String> environment, String... args) {
        boolean debug = debugFromEnvironment(environment);
        CommandLine cl = commandLine(debug, environment);
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
        return commandLine(debug, System.getenv());
    }

    static CommandLine commandLine(boolean debug, Map<String, String> environment) {
        CommandLine cl = new CommandLine(new Main(environment));
        cl.setExecutionExceptionHandler(new ErrorHandler(debug));
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        cl.setExecutionStrategy(Main::configureLoggingThenRun);
        return cl;
    }

    /** Sets up logging at the level the verb's {@link LoggingOptions} ask for, then runs the verb. */
    private static int configureLoggingThenRun(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult verb = parsed;
        while (verb.subcommand() != null) {
            verb = verb.subcommand();
        }
        CommandSpec mixin = verb.commandSpec().mixins().get("logging");
        String level = "info";
        if (mixin != null) {
            try {
                level = ((LoggingOptions) mixin.userObject()).level();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(verb.commandSpec().commandLine(), e.getMessage());
            }
        }
        ConsoleLogging.configure(level);
        return new CommandLine.RunLast().execute(parsed);
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

    static boolean debugFromEnvironment(Map<String, String> environment) {
        return "1".equals(environment.get(DEBUG_ENV));
    }

    /** {@code --version}: the POM's version, written into the jar by Maven's resource filtering. */
    static final class BuildVersion implements CommandLine.IVersionProvider {
        static final String RESOURCE = "/sentemb/version.properties";

        static String version() {
            try (InputStream in = Main.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the jar");
                }
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (v.isBlank() || v.contains("${")) {
                    throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + v);
                }
                return v;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String[] getVersion() {
            return new String[] {"sentemb " + version()};
        }
    }

    /** No verb given: a usage error that lists the verbs. */
    @Override
    public void run() {
        CommandLine cl = spec.commandLine();
        String verbs = String.join(", ", cl.getSubcommands().keySet().stream().filter(v -> !v.equals("help")).toList());
        throw new CommandLine.ParameterException(cl, "no command given; expected one of " + verbs);
    }
}
