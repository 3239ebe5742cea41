package sentemb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * CPU dropout masks: every element against an independent generator (java.util.SplittableRandom
 * seeded with the mask's key yields the same 64-bit words), the drop rate within five standard
 * deviations of p, torch's keep value, exact replay under one seed and fresh masks otherwise, and
 * the gradient of {@code x · mask}.
 */
class DropoutsTest {
    @ParameterizedTest(name = "{0} elements")
    @ValueSource(ints = {1, 7, 2048, 2049, 200_001}) // odd sizes, and several blocks and tasks
    void everyElementFollowsTheCounterBasedGenerator(int n) {
        float p = 0.1f;
        long key = 0x1234_5678_9ABCL;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] mask = DropoutMask.create(m, new Shape(n), p, key).toFloatArray();
            SplittableRandom reference = new SplittableRandom(key);
            long limit = Math.round(p * 0x1p32);
            float keep = 1f / (float) (1.0 - p);
            for (int i = 0; i < n; i += 2) {
                long word = reference.nextLong();
                assertEquals((word & 0xFFFFFFFFL) >= limit ? keep : 0f, mask[i], 0f, "element " + i);
                if (i + 1 < n) {
                    assertEquals((word >>> 32) >= limit ? keep : 0f, mask[i + 1], 0f, "element " + (i + 1));
                }
            }
        }
    }

    @ParameterizedTest(name = "p = {0}")
    @ValueSource(floats = {0.05f, 0.1f, 0.5f})
    void dropRateIsP(float p) {
        int n = 1 << 20;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] mask = DropoutMask.create(m, new Shape(n), p, 99).toFloatArray();
            long dropped = 0;
            for (float v : mask) {
                dropped += v == 0f ? 1 : 0;
            }
            double sigma = Math.sqrt(n * p * (1 - p));
            assertEquals(n * (double) p, dropped, 5 * sigma, "dropped elements");
        }
    }

    @Test
    void sameSeedSameMasksOtherwiseFreshOnes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(64, 33));
            float[][] first = new float[2][];
            float[][] again = new float[2][];
            try (Dropouts.Scope s = Dropouts.seed(7)) {
                first[0] = Dropouts.apply(x, 0.2f).toFloatArray();
                first[1] = Dropouts.apply(x, 0.2f).toFloatArray();
            }
            try (Dropouts.Scope s = Dropouts.seed(7)) {
                again[0] = Dropouts.apply(x, 0.2f).toFloatArray();
                again[1] = Dropouts.apply(x, 0.2f).toFloatArray();
            }
            assertArrayEquals(first[0], again[0], "a forward under the same seed replays its first mask");
            assertArrayEquals(first[1], again[1], "and its second");
            assertFalse(java.util.Arrays.equals(first[0], first[1]), "two dropouts of one forward differ");
            try (Dropouts.Scope s = Dropouts.seed(8)) {
                assertFalse(java.util.Arrays.equals(first[0], Dropouts.apply(x, 0.2f).toFloatArray()), "another seed");
            }
            assertFalse(java.util.Arrays.equals(Dropouts.apply(x, 0.2f).toFloatArray(), Dropouts.apply(x, 0.2f).toFloatArray()),
                    "unseeded masks are fresh");
            assertTrue(Dropouts.apply(x, 0f) == x, "p = 0 is the identity");
        }
    }

    @Test
    void gradientIsTheMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(10, 20));
            x.setRequiresGradient(true);
            float[] y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector(); Dropouts.Scope s = Dropouts.seed(3)) {
                NDArray out = Dropouts.apply(x, 0.3f);
                y = out.toFloatArray();
                gc.backward(out.sum());
            }
            float[] g = x.getGradient().toFloatArray();
            float[] xs = x.toFloatArray();
            float keep = 1f / (float) (1.0 - 0.3f);
            for (int i = 0; i < g.length; i++) {
                assertTrue(g[i] == 0f || g[i] == keep, "gradient " + g[i]);
                assertEquals(xs[i] * g[i], y[i], 0f, "output = x · mask at " + i);
            }
        }
    }
}
