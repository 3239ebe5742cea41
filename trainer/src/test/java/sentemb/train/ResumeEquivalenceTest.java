package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import sentemb.recipe.Recipe;

/**
 * Stopping after step 2 and resuming from the checkpoint reaches the same weights as an
 * uninterrupted run: data order, learning rate, optimizer moments and dropout masks all
 * continue exactly (dropout is on, so the RNG replay is exercised too).
 */
class ResumeEquivalenceTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void resumedRunEqualsUninterruptedRun(boolean lora, @TempDir Path tmp) throws Exception {
        String[] extra = lora
                ? new String[] {"lora.enabled=true", "lora.r=4", "lora.targets=[q_proj,v_proj,fc1]", "model.dropout=0.1"}
                : new String[] {"lora.enabled=false", "model.dropout=0.1"};
        Recipe whole = TinyRuns.recipe(tmp, "whole", extra);
        try (Trainer t = new Trainer(whole, whole.resolvedHocon())) {
            assertEquals(4, t.train(Optional.empty(), Long.MAX_VALUE).stepsDone());
        }
        Recipe split = TinyRuns.recipe(tmp, "split", extra);
        try (Trainer t = new Trainer(split, split.resolvedHocon())) {
            assertEquals(2, t.train(Optional.empty(), 2).stepsDone());
        }
        Path runDir = tmp.resolve("split");
        try (Trainer t = new Trainer(split, split.resolvedHocon())) {
            assertEquals(4, t.train(Optional.of(runDir.resolve("step-2")), Long.MAX_VALUE).stepsDone());
        }
        double diff = TinyRuns.maxAbsDiff(TinyRuns.weights(tmp.resolve("whole/step-4")), TinyRuns.weights(runDir.resolve("step-4")));
        assertTrue(diff <= 1e-6, "resumed weights differ by " + diff);
        double moved = TinyRuns.maxAbsDiff(TinyRuns.weights(tmp.resolve("whole/step-2")), TinyRuns.weights(tmp.resolve("whole/step-4")));
        assertTrue(moved > 1e-4, "training did not change the weights between steps 2 and 4");
    }
}
