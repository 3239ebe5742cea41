package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeException;

/** No checkpoint ever holds inf or NaN (issue 10, 5). */
class NonFiniteTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void learningRatesThatAreNotFiniteInFloat32AreRefused() {
        RecipeException e = assertThrows(RecipeException.class, () -> TinyRuns.recipe(tmp, "lr", "optimizer.lr=1e39"));
        String problems = String.join("; ", e.problems());
        assertTrue(problems.contains("optimizer.lr") && problems.contains("float32"), problems);
        TinyRuns.recipe(tmp, "lr", "optimizer.lr=1e38"); // finite in float32: accepted
    }

    /** A huge decay makes the first update overflow: the run stops naming tensors, and no step folder appears. */
    @Test
    void weightsThatBecomeNonFiniteStopTheRunBeforeAnyCheckpoint() throws Exception {
        Recipe r = TinyRuns.recipe(tmp, "inf", "optimizer.lr=1e30", "optimizer.weight-decay=1e10", "schedule.warmup-steps=0",
                "checkpoint.save-every=1");
        try (Trainer t = new Trainer(r, r.resolvedHocon())) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> t.train(Optional.empty(), Long.MAX_VALUE));
            assertTrue(e.getMessage().contains("step 1 made the weights inf/NaN in [") && e.getMessage().contains("layers.0."),
                    e.getMessage());
        }
        try (var list = Files.list(tmp.resolve("inf"))) {
            List<String> names = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("step-") || n.startsWith("."))
                    .toList();
            assertEquals(List.of(), names, "a checkpoint (or its temp folder) was written");
        }
    }
}
