package sentemb.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes on one run folder (issue 10, 3): while the first is inside a save (its
 * .tmp-step folder on disk), a second gets one line naming the first one's PID, exits 2 and
 * touches nothing; once the first is killed with -9 the OS has dropped its lock and a new run
 * proceeds.
 */
class RunLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondRunOnTheFolderIsRefusedAndTouchesNothing() throws Exception {
        Path runs = tmp.resolve("runs");
        Path run = runs.resolve("locked");
        String[] cmd = ChildTraining.fresh(runs, "locked", "schedule.max-steps=4", "checkpoint.save-every=2", "eval.every=0",
                "checkpoint.keep-best=false");
        ChildRun first = ChildRun.start(tmp, "pause:" + KillPoints.STEP_MANIFEST + "@1", cmd);
        try {
            first.awaitStderr("paused at " + KillPoints.STEP_MANIFEST);
            Map<String, String> before = snapshot(run);
            assertTrue(before.keySet().stream().anyMatch(n -> n.startsWith(".tmp-step-2")), before::toString);

            ChildRun second = ChildRun.start(tmp, null, cmd);
            assertEquals(2, second.waitFor(), second::toString);
            List<String> errors = second.err().lines().filter(l -> l.contains("error")).toList();
            assertEquals(1, errors.size(), second::toString);
            assertTrue(errors.get(0).startsWith("sentemb train: error: run folder " + run)
                    && errors.get(0).contains("in use by another sentemb process (PID " + first.process.pid() + ")"), errors.get(0));
            assertEquals(before, snapshot(run), "the refused run changed the folder");
        } finally {
            first.kill();
        }
        ChildRun third = ChildRun.start(tmp, null, cmd);
        assertEquals(0, third.waitFor(), third::toString);
        Manifest.verify(run.resolve("step-4"));
    }

    /** Every path under {@code root} with its size and modification time. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + " bytes @" + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }
}
