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

/** {@code train --dry-run} on every shipped recipe prints the whole resolved recipe, loadable as it is. */
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
        Cli.Result r = Cli.ok("train", "--dry-run", file);
        assertEquals("", r.err(), r::toString);
        Config printed = ConfigFactory.parseString(r.out());
        for (String key : RecipeLoader.keys()) {
            assertTrue(printed.hasPathOrNull(key), () -> name + ": the printed recipe lacks " + key + "\n" + r.out());
        }
        String expectedRun = name.equals("base.conf") ? "run" : name.substring(0, name.length() - ".conf".length());
        assertEquals(expectedRun, printed.getString("run.name"));
        // the printed recipe is a recipe: loading it prints the same text (it is complete and self-contained)
        Path again = Files.writeString(tmp.resolve("printed.conf"), r.out());
        assertEquals(r.out(), Cli.ok("train", "--dry-run", again).out());
        // overrides show up in the printout
        Config overridden = ConfigFactory.parseString(Cli.ok("train", "--dry-run", file, "lora.r=8").out());
        assertEquals(8, overridden.getInt("lora.r"));
    }
}
