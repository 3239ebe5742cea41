package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.checkpoint.TrainingCheckpoint;
import sentemb.recipe.RecipeLoader;

/**
 * {@code train --quiet} is this terminal's preference: it turns the progress bar off for the
 * run at hand, but the saved recipe keeps {@code logging.progress} as the recipe says, so a
 * resumed run inherits nothing from it and the resume's change check sees no change.
 */
class QuietIsNotARecipeSettingTest {
    @Test
    void quietIsNotSavedAndAResumeSeesNoChange(@TempDir Path tmp) throws Exception {
        Path runs = tmp.resolve("runs");
        // the fixture's arguments without its own logging.progress=false: the recipe's value (true) stands
        Object[] args = Arrays.stream(CliFixtures.trainArgs(runs, "q", "--stop-after", "1", "--quiet"))
                .filter(a -> !a.equals("logging.progress=false")).toArray();
        Cli.ok(args);
        Path run = runs.resolve("q");
        assertTrue(progress(run.resolve("recipe.conf")), "--quiet was saved in the run's recipe.conf");
        assertTrue(progress(run.resolve("step-1").resolve(TrainingCheckpoint.RECIPE)), "--quiet was saved in the checkpoint");

        Cli.Result resumed = Cli.ok("train", "--resume", run, "--quiet", "--stop-after", "2");
        assertFalse(resumed.err().contains("changed setting"), resumed::toString);
        assertTrue(progress(run.resolve("step-2").resolve(TrainingCheckpoint.RECIPE)), "--quiet on resume was saved");
        // an explicit override is a recipe change, and is reported as one
        Cli.Result changed = Cli.ok("train", "--resume", run, "logging.progress=false", "--stop-after", "3");
        assertTrue(changed.err().contains("resuming with a changed setting: logging.progress: true -> false"), changed::toString);
        assertEquals(false, progress(run.resolve("step-3").resolve(TrainingCheckpoint.RECIPE)));
    }

    private static boolean progress(Path recipeConf) throws Exception {
        return RecipeLoader.fromResolvedHocon(Files.readString(recipeConf), recipeConf.toString()).logging().progress();
    }
}
