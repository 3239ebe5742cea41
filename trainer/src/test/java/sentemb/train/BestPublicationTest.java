package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.checkpoint.RunDirectory;
import sentemb.checkpoint.TrainingCheckpoint;
import sentemb.io.AtomicFiles;
import sentemb.recipe.Recipe;

/**
 * best/ and the state that names the best step never disagree after a kill. The folder
 * states a kill leaves between publishing step-N (whose state says bestStep = N) and
 * replacing best/ are built by hand from a real run stopped at its best step: best/ missing
 * with a half-written temp copy beside it (issue 10, 1), and best/ still holding an older
 * step (issue 10, 2). Resuming must repair best/ and end exactly like the uninterrupted run.
 */
class BestPublicationTest {
    @TempDir
    static Path tmp;
    static Path whole;
    static long bestStep;

    static Recipe recipe(String name) {
        return TinyRuns.recipe(tmp, name, "schedule.max-steps=8", "eval.every=1", "eval.data=\"data/sts-sample\"",
                "eval.tasks=[STSBenchmark]", "checkpoint.keep-best=true", "checkpoint.save-every=3", "checkpoint.keep-last=2",
                "optimizer.lr=5e-2");
    }

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        Recipe r = recipe("whole");
        try (Trainer t = new Trainer(r, r.resolvedHocon())) {
            Trainer.Outcome out = t.train(Optional.empty(), Long.MAX_VALUE);
            assertEquals(Optional.of(tmp.resolve("whole/best")), out.best());
        }
        whole = tmp.resolve("whole");
        bestStep = stateOf(whole.resolve("best")).get("step").asLong();
        assertTrue(bestStep >= 1 && bestStep < 8, "the test needs a best step before the last, got " + bestStep);
    }

    /** A run stopped right after publishing step-{bestStep} (which names itself best), before best/ was replaced. */
    private static Path stoppedAtBest(String name) throws Exception {
        Recipe r = recipe(name);
        try (Trainer t = new Trainer(r, r.resolvedHocon())) {
            t.train(Optional.empty(), bestStep);
        }
        Path run = tmp.resolve(name);
        assertEquals(bestStep, stateOf(run.resolve("step-" + bestStep)).get("bestStep").asLong());
        return run;
    }

    private static void resumeToTheEnd(Path run) throws Exception {
        Recipe r = recipe(run.getFileName().toString());
        try (Trainer t = new Trainer(r, r.resolvedHocon())) {
            Trainer.Outcome out = t.train(new RunDirectory(run).latestGood(), Long.MAX_VALUE);
            assertEquals(8, out.stepsDone());
        }
    }

    private static void assertSameBest(Path run) throws Exception {
        assertEquals(bestStep, stateOf(run.resolve("best")).get("step").asLong(), "best/ holds another step");
        for (String f : new String[] {TrainingCheckpoint.TRAINABLE, TrainingCheckpoint.OPTIMIZER}) {
            assertArrayEquals(Files.readAllBytes(whole.resolve("best").resolve(f)), Files.readAllBytes(run.resolve("best").resolve(f)), f);
        }
    }

    @Test
    void killWhileBestIsCopiedLeavesNoBestAndResumeRepublishesIt() throws Exception {
        Path run = stoppedAtBest("no-best");
        AtomicFiles.deleteRecursively(run.resolve("best"));
        Path half = Files.createDirectories(run.resolve(".tmp-best-00000000-0000-0000-0000-000000000000"));
        Files.writeString(half.resolve(TrainingCheckpoint.TRAINABLE), "half");
        resumeToTheEnd(run);
        assertSameBest(run);
    }

    @Test
    void killBeforeBestIsReplacedLeavesAnOlderBestAndResumeRepairsIt() throws Exception {
        Path run = stoppedAtBest("old-best");
        // best/ still holds another step's checkpoint (the one the previous best publication wrote)
        long other = bestStep == 1 ? 3 : 1;
        AtomicFiles.deleteRecursively(run.resolve("best"));
        copy(whole.resolve("step-" + other), run.resolve("best"), other);
        assertEquals(other, stateOf(run.resolve("best")).get("step").asLong());
        resumeToTheEnd(run);
        assertSameBest(run);
    }

    private static com.fasterxml.jackson.databind.JsonNode stateOf(Path checkpoint) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(checkpoint.resolve("state.json").toFile());
    }

    /** A verified checkpoint of step {@code step}: from the uninterrupted run if it kept it, else re-made by a short run. */
    private static void copy(Path stepDir, Path to, long step) throws Exception {
        Path from = stepDir;
        if (!Files.isDirectory(from)) {
            Recipe r = recipe("other-" + step);
            try (Trainer t = new Trainer(r, r.resolvedHocon())) {
                t.train(Optional.empty(), step);
            }
            from = tmp.resolve("other-" + step).resolve("step-" + step);
        }
        Files.createDirectories(to);
        try (var list = Files.list(from)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
            }
        }
    }
}
