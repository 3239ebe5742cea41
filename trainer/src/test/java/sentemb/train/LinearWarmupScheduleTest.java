package sentemb.train;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearWarmupScheduleTest {

    /** Golden: HF's lr_lambda and the lr torch's LambdaLR hands to each optimizer.step(). */
    @Test
    void matchesHfLambdaAndLambdaLrOrder() {
        JsonNode cases = OptimFixtures.load("schedule.json").get("cases");
        assertEquals(5, cases.size());
        for (JsonNode c : cases) {
            LinearWarmupSchedule s = new LinearWarmupSchedule(c.get("base_lr").asDouble(), c.get("warmup").asLong(),
                    c.get("total").asLong());
            JsonNode lambdas = c.get("lambdas");
            JsonNode lrs = c.get("lrs");
            for (int k = 0; k < lambdas.size(); k++) {
                String at = "base_lr " + c.get("base_lr") + " warmup " + c.get("warmup") + " step " + k;
                // same IEEE double operations as Python: bit-identical
                assertEquals(lambdas.get(k).asDouble(), s.lambda(k), 0.0, at);
                assertEquals(lrs.get(k).asDouble(), s.lr(k), 0.0, at);
            }
        }
    }

    @Test
    void referenceRecipeShape() {
        LinearWarmupSchedule s = new LinearWarmupSchedule(5e-4, 100, 1000);
        assertEquals(0.0, s.lr(0));
        assertEquals(5e-6, s.lr(1), 1e-18);
        assertEquals(5e-4, s.lr(100));
        assertEquals(5e-4 * 450 / 900, s.lr(550), 1e-18);
        assertEquals(0.0, s.lr(1000));
        assertEquals(0.0, s.lr(5000));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmupSchedule(-1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmupSchedule(1e-3, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmupSchedule(Double.NaN, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmupSchedule(1e-3, 1, 2).lambda(-1));
    }
}
