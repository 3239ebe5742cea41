package sentemb.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (a scheduler's preemption) while training (issue 10, 7): the child finishes its
 * step, writes a checkpoint for it, says how to resume and exits 143; a second SIGTERM during
 * a save exits at once and leaves the last good checkpoint intact.
 */
class StopSignalTest {
    @TempDir
    Path tmp;

    private String[] recipe(Path runs) {
        return ChildTraining.fresh(runs, "sig", "schedule.max-steps=500", "checkpoint.save-every=2", "checkpoint.keep-last=5",
                "eval.every=0", "checkpoint.keep-best=false");
    }

    @Test
    void sigtermCheckpointsTheCurrentStepAndSaysHowToResume() throws Exception {
        Path runs = tmp.resolve("runs");
        Path run = runs.resolve("sig");
        ChildRun child = ChildRun.start(tmp, null, recipe(runs));
        Path metrics = run.resolve("metrics.csv");
        while (!Files.exists(metrics) || Files.readAllLines(metrics).size() < 4) { // 3 steps done: mid-run
            assertTrue(child.process.isAlive(), child::toString);
            Thread.sleep(5);
        }
        child.process.destroy(); // SIGTERM
        assertEquals(143, child.waitFor(), child::toString);
        String out = child.out();
        assertTrue(out.contains("stopped by SIGTERM at step ") && out.contains("continue with: sentemb train --resume " + run), out);
        long step = Long.parseLong(out.substring(out.indexOf("at step ") + 8, out.indexOf(" of 500")));
        Path last = new RunDirectory(run).latestGood().orElseThrow();
        assertEquals(run.resolve("step-" + step), last, "the checkpoint is not of the step the run stopped at");
        assertEquals(step, new ObjectMapper().readTree(last.resolve("state.json").toFile()).get("step").asLong());
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(step, rows.size() - 1, "metrics.csv rows");
    }

    @Test
    void aSecondSignalExitsAtOnceAndTheLastCheckpointStaysIntact() throws Exception {
        Path runs = tmp.resolve("runs");
        Path run = runs.resolve("sig");
        ChildRun child = ChildRun.start(tmp, "pause:" + KillPoints.STEP_FILES + "@2", recipe(runs));
        child.awaitStderr("paused at " + KillPoints.STEP_FILES);
        child.process.destroy();
        child.awaitStderr("SIGTERM received");
        assertTrue(child.process.isAlive(), "the first signal must not end the run while it saves");
        child.process.destroy();
        assertEquals(143, child.waitFor(), child::toString);
        assertTrue(child.err().contains("second signal (SIGTERM): exiting now"), child::toString);
        assertEquals(run.resolve("step-2"), new RunDirectory(run).latestGood().orElseThrow());
        assertFalse(Files.exists(run.resolve("step-4")));
        ChildRun resumed = ChildRun.start(tmp, null, ChildTraining.resume(run, "--stop-after", "4"));
        assertEquals(0, resumed.waitFor(), resumed::toString);
        Manifest.verify(run.resolve("step-4"));
    }
}
