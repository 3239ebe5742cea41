package sentemb.cli;

import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How much a verb says, shared by every verb: {@code --quiet} (warnings and errors only, no
 * progress bars), {@code --verbose} (also the resolved recipe and per-task details) or an
 * explicit {@code --log-level}. Results always go to stdout; these govern stderr.
 */
final class LoggingOptions {
    /** The levels {@code --log-level} accepts, quietest first. */
    static final String LEVELS = "error, warn, info, debug, trace";

    @Option(names = {"-q", "--quiet"}, description = "Warnings and errors only on stderr; no progress bars")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "Say more: the resolved recipe, per-task and per-step details (log level debug)")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "stderr log level: " + LEVELS + " (default info; "
            + "--quiet = warn, --verbose = debug)")
    String logLevel;

    /** The level these options ask for, lower case; a bad combination or name is a usage error. */
    String level() {
        if (quiet && verbose) {
            throw new IllegalArgumentException("give --quiet or --verbose, not both");
        }
        if (logLevel != null) {
            String l = logLevel.trim().toLowerCase(Locale.ROOT);
            if (!(", " + LEVELS + ",").contains(", " + l + ",")) {
                throw new IllegalArgumentException("--log-level " + logLevel + ": expected one of " + LEVELS);
            }
            return l;
        }
        return quiet ? "warn" : verbose ? "debug" : "info";
    }

    /** Progress bars are drawn only on a terminal and never with --quiet. */
    boolean progressBars() {
        return !quiet && System.console() != null;
    }
}
