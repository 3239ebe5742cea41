package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sentemb.TestPaths;
import sentemb.recipe.EnvironmentOverrides;
import sentemb.recipe.RecipeLoader;

/**
 * The launcher's own SENTEMB_ variables (threads, GPU build, stack traces) work with every
 * verb: the recipe reader skips exactly the variables the launcher and the README name.
 */
class LauncherVariablesTest {
    private static final Pattern VARIABLE = Pattern.compile("SENTEMB_[A-Z][A-Z_]*[A-Z]");

    @TempDir
    Path tmp;

    /** Every documented launcher variable set at once, with values a user would give. */
    static Map<String, String> launcherEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("SENTEMB_THREADS", "1");
        env.put("SENTEMB_GPU", "0");
        env.put("SENTEMB_DEBUG", "1");
        assertEquals(EnvironmentOverrides.LAUNCHER_VARIABLES, Set.of("SENTEMB_THREADS", "SENTEMB_GPU", "SENTEMB_DEBUG"));
        return env;
    }

    private static Set<String> variablesIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = VARIABLE.matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void theSkipListIsExactlyWhatTheLauncherReads() throws IOException {
        Set<String> launcher = variablesIn(TestPaths.repoRoot().resolve("scripts/sentemb"));
        launcher.add(Main.DEBUG_ENV);
        assertEquals(new TreeSet<>(EnvironmentOverrides.LAUNCHER_VARIABLES), launcher);
    }

    @Test
    void everySentembVariableTheReadmeNamesIsALauncherVariableOrARecipeSetting() throws IOException {
        Set<String> recipeVariables = new TreeSet<>();
        RecipeLoader.keys().forEach(k -> recipeVariables.add(EnvironmentOverrides.variableFor(k)));
        Set<String> readme = variablesIn(TestPaths.repoRoot().resolve("README.md"));
        assertTrue(readme.containsAll(EnvironmentOverrides.LAUNCHER_VARIABLES), () -> "README documents " + readme);
        for (String v : readme) {
            assertTrue(EnvironmentOverrides.LAUNCHER_VARIABLES.contains(v) || recipeVariables.contains(v), v);
        }
        for (String v : EnvironmentOverrides.LAUNCHER_VARIABLES) {
            assertFalse(recipeVariables.contains(v), v + " is also a recipe setting's variable");
        }
    }

    private static Cli.Result run(Map<String, String> env, Object... args) {
        String[] a = java.util.Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), env, a);
        return new Cli.Result(java.util.List.of(a), code, out.toString(), err.toString());
    }

    /** The verbs that read a recipe (and so the environment) do so fully under the launcher's variables. */
    @Test
    void recipeVerbsAcceptTheLauncherVariables() {
        Map<String, String> env = launcherEnvironment();
        Path root = TestPaths.repoRoot();
        Cli.Result train = run(env, "train", "--dry-run", root.resolve("recipes/tiny.conf"));
        assertEquals(0, train.exitCode(), train::toString);
        Cli.Result demo = run(env, "demo", "--dry-run");
        assertEquals(0, demo.exitCode(), demo::toString);
        Cli.Result regression = run(env, "regression", "--dry-run", "--recipe", root.resolve("recipes/ci-regression.conf"),
                "--golden", root.resolve("ci/regression-golden.json"));
        assertEquals(0, regression.exitCode(), regression::toString);
        // ...while a misspelt recipe variable is still an error
        env.put("SENTEMB_LORA_RANK", "8");
        Cli.Result bad = run(env, "train", "--dry-run", "--config-only", root.resolve("recipes/tiny.conf"));
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("SENTEMB_LORA_RANK: not a recipe setting"), bad::toString);
    }

    /** The other verbs start under the same variables (init does real work; the rest answer --help). */
    @ParameterizedTest
    @ValueSource(strings = {"eval", "embed", "export", "icl-search", "bench", "init"})
    void otherVerbsStartWithTheLauncherVariables(String verb) {
        Map<String, String> env = launcherEnvironment();
        Cli.Result help = run(env, verb, "--help");
        assertEquals(0, help.exitCode(), help::toString);
        if (verb.equals("init")) {
            Cli.Result init = run(env, "init", "--output", tmp.resolve("m"), "--hidden", 16, "--heads", 2, "--ffn", 32);
            assertEquals(0, init.exitCode(), init::toString);
        }
    }
}
