package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --resume DIR} writes into DIR, not into the run.dir saved in the recipe (issue 10, 4). */
class ResumeTargetTest {
    @TempDir
    Path tmp;

    @Test
    void resumingACopiedRunWritesIntoTheCopyOnly() throws Exception {
        Path runs = tmp.resolve("runs");
        Cli.ok(CliFixtures.trainArgs(runs, "orig", "checkpoint.save-every=2", "checkpoint.keep-last=1", "--stop-after", "2"));
        Path original = runs.resolve("orig");
        Path copy = CliFixtures.copy(original, tmp.resolve("elsewhere/orig"));
        DirectorySnapshot before = DirectorySnapshot.of(original);
        Cli.Result r = Cli.ok("train", "--resume", copy, "--stop-after", "4");
        assertTrue(r.out().contains("--resume " + copy.toAbsolutePath()), r::toString);
        assertEquals(before, DirectorySnapshot.of(original), "the original run folder changed");
        assertTrue(Files.isDirectory(copy.resolve("step-4")), "no step-4 in the resumed copy");
        assertFalse(Files.exists(copy.resolve("step-2")), "keep-last 1 should have pruned the copy's step-2");
    }

    @Test
    void resumeRefusesToBeSentElsewhere() throws Exception {
        Path runs = tmp.resolve("runs");
        Cli.ok(CliFixtures.trainArgs(runs, "r", "--stop-after", "1"));
        DirectorySnapshot before = DirectorySnapshot.of(tmp);
        Cli.badInput(Cli.args("train", "--resume", runs.resolve("r"), "run.dir=\"" + tmp.resolve("other") + "\""),
                "'run.dir' cannot be overridden");
        assertEquals(before, DirectorySnapshot.of(tmp));
    }
}
