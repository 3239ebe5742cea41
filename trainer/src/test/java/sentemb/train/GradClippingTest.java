package sentemb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradClippingTest {
    private static final JsonNode CASES = OptimFixtures.load("clip.json").get("cases");

    private static List<NDArray> grads(NDManager m, JsonNode c) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < c.get("grads").size(); i++) {
            out.add(m.create(OptimFixtures.floats(c.get("grads").get(i)), OptimFixtures.shape(c.get("shapes").get(i))));
        }
        return out;
    }

    private static void assertClipped(JsonNode c, List<NDArray> grads, float norm) {
        double expectedNorm = c.get("total_norm").asDouble();
        assertEquals(expectedNorm, norm, 1e-6 * expectedNorm, "total norm");
        for (int i = 0; i < grads.size(); i++) {
            OptimFixtures.assertClose(OptimFixtures.doubles(c.get("clipped").get(i)), OptimFixtures.values(grads.get(i)),
                    1e-6, 1e-7, "clipped grad " + i + " (max_norm " + c.get("max_norm") + ")");
        }
    }

    /** Against torch.nn.utils.clip_grad_norm_: clipping, no clipping (norm below max), all-zero grads. */
    @Test
    void explicitGradientsMatchTorch() {
        assertEquals(4, CASES.size());
        for (JsonNode c : CASES) {
            try (NDManager m = NDManager.newBaseManager()) {
                List<NDArray> g = grads(m, c);
                float norm = GradClipping.clip(g, c.get("max_norm").asDouble());
                assertClipped(c, g, norm);
            }
        }
    }

    /** Clipping the autograd gradients in place through the parameters' gradient handles. */
    @Test
    void clipsAccumulatedGradientsInPlace() {
        JsonNode c = CASES.get(0);
        assertTrue(c.get("total_norm").asDouble() > c.get("max_norm").asDouble(), "case 0 must clip");
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> g = grads(m, c);
            List<TrainableParam> params = new ArrayList<>();
            for (int i = 0; i < g.size(); i++) {
                NDArray w = m.zeros(g.get(i).getShape(), DataType.FLOAT32);
                w.setRequiresGradient(true);
                params.add(new TrainableParam("p" + i, w, true));
            }
            try (NDManager scope = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (int i = 0; i < g.size(); i++) {
                    NDArray gi = g.get(i).duplicate();
                    gi.attach(scope);
                    NDArray term = gi.mul(params.get(i).array()).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
            float norm = GradClipping.clipParams(params, c.get("max_norm").asDouble());
            List<NDArray> after = new ArrayList<>();
            for (TrainableParam p : params) {
                after.add(p.gradient());
            }
            assertClipped(c, after, norm);
        }
    }

    @Test
    void rejectsNonPositiveMaxNorm() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> g = grads(m, CASES.get(0));
            assertThrows(IllegalArgumentException.class, () -> GradClipping.clip(g, 0.0));
            assertThrows(IllegalArgumentException.class, () -> GradClipping.clip(g, Double.NaN));
        }
    }
}
