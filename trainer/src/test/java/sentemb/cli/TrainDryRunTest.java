package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sentemb.TestPaths;
import sentemb.recipe.RecipeLoader;

/**
 * {@code train --dry-run --config-only} on every shipped recipe prints the whole resolved
 * recipe, loadable as it is; a plain {@code --dry-run} also checks paths and devices.
 */
class TrainDryRunTest {
    @TempDir
    Path tmp;

    static List<String> recipes() throws IOException {
        try (Stream<Path> list = Files.list(TestPaths.repoRoot().resolve("recipes"))) {
            List<String> names = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf")).sorted().toList();
            assertTrue(names.contains("opt-1.3b-cse.conf") && names.contains("tiny.conf"), names::toString);
            return names;
        }
    }

    @ParameterizedTest
    @MethodSource("recipes")
    void dryRunPrintsTheResolvedRecipe(String name) throws IOException {
        Path file = TestPaths.repoRoot().resolve("recipes").resolve(name);
        Cli.Result r = Cli.ok("train", "--dry-run", "--config-only", file);
        assertEquals("", r.err(), r::toString);
        Config printed = ConfigFactory.parseString(r.out());
        for (String key : RecipeLoader.keys()) {
            assertTrue(printed.hasPathOrNull(key), () -> name + ": the printed recipe lacks " + key + "\n" + r.out());
        }
        String expectedRun = name.equals("base.conf") ? "run" : name.substring(0, name.length() - ".conf".length());
        assertEquals(expectedRun, printed.getString("run.name"));
        // the printed recipe is a recipe: loading it prints the same text (it is complete and self-contained)
        Path again = Files.writeString(tmp.resolve("printed.conf"), r.out());
        assertEquals(r.out(), Cli.ok("train", "--dry-run", "--config-only", again).out());
        // overrides show up in the printout
        Config overridden = ConfigFactory.parseString(Cli.ok("train", "--dry-run", "--config-only", file, "lora.r=8").out());
        assertEquals(8, overridden.getInt("lora.r"));
    }

    /** A paper recipe on this machine: the model, the data and the two GPUs are all reported, in one line, exit 2. */
    @org.junit.jupiter.api.Test
    void dryRunReportsEveryMissingInputAndDevice() {
        Path file = TestPaths.repoRoot().resolve("recipes/opt-1.3b-cse.conf");
        Path model = tmp.resolve("models/opt-1.3b");
        Path train = tmp.resolve("nli_for_simcse.csv");
        Cli.Result r = Cli.run("train", "--dry-run", file, "eval.data=\"" + tmp.resolve("no-such-downstream") + "\"",
                "model.path=\"" + model + "\"", "data.train=\"" + train + "\"");
        assertEquals(2, r.exitCode(), r::toString);
        assertTrue(r.out().contains("name = \"opt-1.3b-cse\""), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        String line = r.errLines().get(0);
        for (String fragment : new String[] {"sentemb train: error: dry run: 5 problems:", "model.path " + model + " does not exist",
            "data.train " + train + " does not exist", "eval.data " + tmp.resolve("no-such-downstream") + " does not exist",
            "devices: gpu:0 is not available", "devices: gpu:1 is not available", "--config-only"}) {
            assertTrue(line.contains(fragment), () -> "expected '" + fragment + "' in " + line);
        }
        // the tiny recipe's inputs all ship with the project: its dry run passes
        assertEquals(0, Cli.run("train", "--dry-run", TestPaths.repoRoot().resolve("recipes/tiny.conf")).exitCode());
        // --config-only alone is a mistake
        Cli.badInput(Cli.args("train", "--config-only", TestPaths.repoRoot().resolve("recipes/tiny.conf")), "--config-only goes with --dry-run");
    }
}
