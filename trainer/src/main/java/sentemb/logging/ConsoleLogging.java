package sentemb.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The logging set-up of sentemb's entry points (the CLI and the benchmark's {@code main}), made
 * in code so that the library ships no logging configuration and forces none on code that uses
 * it: one stderr line per message ({@code HH:mm:ss LEVEL Logger - message}), the asked level
 * for sentemb, and warnings only from DJL unless debug or trace is asked for. When slf4j is
 * bound to something other than logback (sentemb embedded elsewhere, e.g. Spark's log4j),
 * nothing is changed. Library code never calls this; only {@code main} methods do.
 */
public final class ConsoleLogging {
    private ConsoleLogging() {}

    /** Sets logback up at {@code level} (error, warn, info, debug or trace; anything else reads as info). */
    public static void configure(String level) {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        // By name: logback is an optional dependency, and naming its classes in this method
        // would fail with NoClassDefFoundError where it is absent (e.g. inside Spark).
        if (!factory.getClass().getName().equals("ch.qos.logback.classic.LoggerContext")) {
            return;
        }
        Logback.configure(factory, level);
    }

    /** Everything that names logback's classes, in a class of its own: loaded only when logback is there. */
    private static final class Logback {
        private Logback() {}

        static void configure(ILoggerFactory factory, String level) {
            LoggerContext ctx = (LoggerContext) factory;
            ctx.reset();
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(ctx);
            encoder.setPattern("%d{HH:mm:ss} %-5level %logger{0} - %msg%n");
            encoder.start();
            ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> stderr = new ConsoleAppender<>();
            stderr.setContext(ctx);
            stderr.setName("stderr");
            stderr.setTarget("System.err");
            stderr.setEncoder(encoder);
            stderr.start();
            Level chosen = Level.toLevel(level, Level.INFO);
            Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
            root.setLevel(chosen);
            root.addAppender(stderr);
            // DJL's own INFO lines (engine loading, cuda probing) are noise for a CLI user.
            Level djl = chosen.isGreaterOrEqual(Level.WARN) ? chosen : chosen.levelInt <= Level.DEBUG_INT ? chosen : Level.WARN;
            ctx.getLogger("ai.djl").setLevel(djl);
            ctx.getLogger("ai.djl.util.cuda").setLevel(chosen.levelInt <= Level.DEBUG_INT ? chosen : Level.ERROR);
        }
    }
}
