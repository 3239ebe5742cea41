package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overrides on resume that change the trajectory (schedule.*, optimizer.lr, ...) are refused
 * unless --allow-recipe-changes is given; every change is printed (issue 10, smaller ones).
 */
class ResumeChangesTest {
    @TempDir
    Path tmp;

    @Test
    void trajectoryChangesNeedTheFlagAndEveryChangeIsPrinted() throws Exception {
        Path runs = tmp.resolve("runs");
        Cli.ok(CliFixtures.trainArgs(runs, "r", "--stop-after", "2"));
        Path run = runs.resolve("r");
        DirectorySnapshot before = DirectorySnapshot.of(run);
        Cli.badInput(Cli.args("train", "--resume", run, "optimizer.lr=3.33e-4", "schedule.max-steps=40"),
                "would change the run", "optimizer.lr: ", " -> 3.33E-4", "schedule.max-steps: 80 -> 40", "--allow-recipe-changes");
        assertEquals(before, DirectorySnapshot.of(run), "a refused resume changed the run folder");

        Cli.Result free = Cli.ok("train", "--resume", run, "checkpoint.keep-last=4", "memory.trim-every=50", "--stop-after", "3");
        assertTrue(free.err().contains("resuming with a changed setting: checkpoint.keep-last: 2 -> 4"), free::toString);
        assertTrue(free.err().contains("resuming with a changed setting: memory.trim-every: 0 -> 50"), free::toString);

        Cli.Result allowed = Cli.ok("train", "--resume", run, "--allow-recipe-changes", "schedule.max-steps=40", "checkpoint.keep-last=4",
                "--stop-after", "4");
        assertTrue(allowed.err().contains("resuming with a changed setting: schedule.max-steps: 80 -> 40"), allowed::toString);
    }
}
