package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import sentemb.TestPaths;

/** --quiet, --verbose and --log-level on every verb set the CLI's log level; --version comes from the POM. */
class LoggingOptionsTest {
    @TempDir
    Path tmp;

    private static Level rootLevel() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel();
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "eval", "embed", "export", "init", "icl-search", "regression", "bench"})
    void everyVerbHasTheLoggingOptions(String verb) {
        var options = Main.commandLine(false).getSubcommands().get(verb).getCommandSpec().optionsMap();
        for (String o : List.of("--quiet", "-q", "--verbose", "-v", "--log-level")) {
            assertTrue(options.containsKey(o), verb + " lacks " + o);
        }
    }

    @Test
    void theOptionsSetTheLevel() {
        Path model = tmp.resolve("m");
        Cli.ok("init", "--output", model, "--hidden", 16, "--heads", 2, "--ffn", 32, "--quiet");
        assertEquals(Level.WARN, rootLevel());
        Cli.ok("init", "--output", tmp.resolve("m2"), "--hidden", 16, "--heads", 2, "--ffn", 32, "--log-level", "ERROR");
        assertEquals(Level.ERROR, rootLevel());
        Cli.ok("train", "--dry-run", "--config-only", TestPaths.repoRoot().resolve("recipes/tiny.conf"), "--verbose");
        assertEquals(Level.DEBUG, rootLevel());
        Cli.ok("train", "--dry-run", "--config-only", TestPaths.repoRoot().resolve("recipes/tiny.conf"));
        assertEquals(Level.INFO, rootLevel());
        // DJL's own lines stay at warnings unless debugging
        assertEquals(Level.WARN, ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("ai.djl").getLevel());
    }

    @Test
    void badCombinationsAreUsageErrors() {
        Path tiny = TestPaths.repoRoot().resolve("recipes/tiny.conf");
        Cli.Result r = Cli.run("train", "--dry-run", tiny, "--log-level", "loud");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("sentemb train: error: --log-level loud: expected one of error, warn, info, debug, trace"), r::toString);
        r = Cli.run("train", "--dry-run", tiny, "--quiet", "--verbose");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.err().contains("give --quiet or --verbose, not both"), r::toString);
    }

    /** The resolved recipe goes to the run folder; the console gets it only with --dry-run or --verbose. */
    @Test
    void quietTrainingPrintsNoRecipe() throws Exception {
        Path runs = tmp.resolve("runs");
        Cli.Result r = Cli.ok(CliFixtures.trainArgs(runs, "q", "--stop-after", "1", "--quiet"));
        assertFalse(r.out().contains("lora {"), r::toString);
        assertTrue(Files.readString(runs.resolve("q/recipe.conf")).contains("lora {"));
    }

    @Test
    void versionComesFromTheBuild() throws Exception {
        String pom = Files.readString(TestPaths.repoRoot().resolve("pom.xml"));
        String version = pom.replaceAll("(?s).*?<artifactId>sentemb-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
        assertEquals("sentemb " + version, Cli.ok("--version").out().trim());
        assertEquals(version, Main.BuildVersion.version());
    }
}
