package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java sentemb.bench.Benchmark} (what scripts/bench.sh runs) sets logging up as the CLI
 * does by default: logback's own default, which the test starts from, prints every DEBUG line.
 */
class BenchLoggingTest {
    @Test
    void theEntryPointLogsAtInfoAndDjlAtWarnings() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        // what logback does with no configuration file: everything at DEBUG
        ctx.reset();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
        Logger bench = LoggerFactory.getLogger(Benchmark.class);
        Logger engine = LoggerFactory.getLogger("ai.djl.pytorch.jni.LibUtils");
        assertTrue(bench.isDebugEnabled() && engine.isDebugEnabled(), "precondition: DEBUG on before the set-up");

        Benchmark.configureLogging();

        assertFalse(bench.isDebugEnabled(), "sentemb DEBUG lines after the bench's set-up");
        assertTrue(bench.isInfoEnabled(), "the bench's progress lines are INFO");
        assertFalse(engine.isInfoEnabled(), "DJL's engine INFO lines after the bench's set-up");
        assertTrue(engine.isWarnEnabled());
        assertTrue(ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(), "no appender writes the lines");
    }
}
