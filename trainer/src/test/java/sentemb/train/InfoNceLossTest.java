package sentemb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoNceLossTest {
    private static final JsonNode FIXTURE = OptimFixtures.load("infonce.json");

    private static DataType dtype(JsonNode c) {
        return c.get("dtype").asText().equals("float64") ? DataType.FLOAT64 : DataType.FLOAT32;
    }

    /**
     * float64 checks the formula to rounding; float32 checks the production dtype, where logits
     * up to 1/τ = 20 turn 1-ulp differences in the cosines (summation order) into ~2e-7
     * absolute differences in gradients of size ~0.1-1.
     */
    private static double rtol(DataType t) {
        return t == DataType.FLOAT64 ? 1e-10 : 1e-6;
    }

    private static double atol(DataType t) {
        return t == DataType.FLOAT64 ? 1e-12 : 1e-6;
    }

    private static NDArray[] inputs(NDManager m, JsonNode c, DataType t) {
        long offset = c.get("offset").asLong();
        int rows = c.get("rows").asInt();
        NDArray z1 = OptimFixtures.tensor(m, FIXTURE.get("z1"), t);
        NDArray z1Rows = z1.get(offset + ":" + (offset + rows));
        NDArray z2 = OptimFixtures.tensor(m, FIXTURE.get("z2"), t);
        NDArray z3 = c.get("mode").asText().equals("triplet") ? OptimFixtures.tensor(m, FIXTURE.get("z3"), t) : null;
        return new NDArray[] {z1Rows, z2, z3};
    }

    private static InfoNceLoss loss(JsonNode c) {
        return new InfoNceLoss(c.get("temperature").asDouble(), c.get("hard_negative_weight").asDouble());
    }

    /** Loss, logits and gradients against SimCSE's cl_forward in torch (triplets w=0, w≠0, pair, slices). */
    @Test
    void lossAndGradsMatchSimCse() {
        assertEquals(12, FIXTURE.get("cases").size());
        for (JsonNode c : FIXTURE.get("cases")) {
            DataType t = dtype(c);
            String what = c.get("dtype").asText() + " " + c.get("mode").asText() + " w=" + c.get("hard_negative_weight")
                    + " rows " + c.get("offset") + "+" + c.get("rows");
            long offset = c.get("offset").asLong();
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray[] z = inputs(m, c, t);
                InfoNceLoss l = loss(c);
                OptimFixtures.assertClose(c.get("logits"), l.logits(z[0], offset, z[1], z[2]), rtol(t), atol(t) * 20,
                        what + " logits");
                try (LossAndGrads r = l.lossAndGrads(z[0], offset, z[1], z[2])) {
                    double expected = c.get("loss").asDouble();
                    assertEquals(expected, r.loss(), rtol(t) * expected, what + " loss");
                    // torch's grad_z1 covers the whole batch; only the slice's rows are non-zero
                    JsonNode g1 = c.get("grad_z1");
                    double[] full = OptimFixtures.doubles(g1.get("data"));
                    int d = (int) g1.get("shape").get(1).asLong();
                    int rows = c.get("rows").asInt();
                    double[] slice = new double[rows * d];
                    System.arraycopy(full, (int) offset * d, slice, 0, rows * d);
                    for (int i = 0; i < full.length; i++) {
                        if (i < offset * d || i >= (offset + rows) * d) {
                            assertEquals(0.0, full[i], what + ": torch grad outside the slice");
                        }
                    }
                    OptimFixtures.assertClose(slice, OptimFixtures.values(r.gradZ1()), rtol(t), atol(t), what + " dz1");
                    OptimFixtures.assertClose(c.get("grad_z2"), r.gradZ2(), rtol(t), atol(t), what + " dz2");
                    if (z[2] == null) {
                        assertNull(r.gradZ3());
                    } else {
                        OptimFixtures.assertClose(c.get("grad_z3"), r.gradZ3(), rtol(t), atol(t), what + " dz3");
                    }
                    assertEquals(t, r.gradZ1().getDataType());
                }
            }
        }
    }

    /** The differentiable loss used directly under the caller's GradientCollector gives the same gradients. */
    @Test
    void differentiableLossUnderCallerCollector() {
        JsonNode c = FIXTURE.get("cases").get(1);
        assertEquals("float64", c.get("dtype").asText());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] z = inputs(m, c, DataType.FLOAT64);
            for (NDArray a : z) {
                a.setRequiresGradient(true);
            }
            int before = m.getManagedArrays().size();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss(c).loss(z[0], z[1], z[2]);
                // intermediates were closed before backward: autograd must not depend on them
                assertEquals(before + 1, m.getManagedArrays().size(), "only the loss stays attached");
                assertEquals(c.get("loss").asDouble(), l.getDouble(), 1e-10 * c.get("loss").asDouble());
                gc.backward(l);
            }
            OptimFixtures.assertClose(c.get("grad_z1"), z[0].getGradient(), 1e-10, 1e-12, "dz1");
            OptimFixtures.assertClose(c.get("grad_z2"), z[1].getGradient(), 1e-10, 1e-12, "dz2");
            OptimFixtures.assertClose(c.get("grad_z3"), z[2].getGradient(), 1e-10, 1e-12, "dz3");
        }
    }

    /** Slices weighted by b/B add up to the full-batch loss and gradients (gathered negatives). */
    @Test
    void slicesComposeToFullBatch() {
        InfoNceLoss l = new InfoNceLoss(0.05, 0.4);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] z = random(m, 6, 5, 11);
            try (LossAndGrads full = l.lossAndGrads(z[0], z[1], z[2]);
                    LossAndGrads a = l.lossAndGrads(z[0].get("0:2"), 0, z[1], z[2]);
                    LossAndGrads b = l.lossAndGrads(z[0].get("2:6"), 2, z[1], z[2])) {
                assertEquals(full.loss(), (2 * a.loss() + 4 * b.loss()) / 6, 1e-12);
                NDArray dz1 = a.gradZ1().mul(2.0 / 6).concat(b.gradZ1().mul(4.0 / 6), 0);
                OptimFixtures.assertClose(OptimFixtures.values(full.gradZ1()), OptimFixtures.values(dz1), 1e-10, 1e-13, "dz1");
                NDArray dz2 = a.gradZ2().mul(2.0 / 6).add(b.gradZ2().mul(4.0 / 6));
                OptimFixtures.assertClose(OptimFixtures.values(full.gradZ2()), OptimFixtures.values(dz2), 1e-10, 1e-13, "dz2");
                NDArray dz3 = a.gradZ3().mul(2.0 / 6).add(b.gradZ3().mul(4.0 / 6));
                OptimFixtures.assertClose(OptimFixtures.values(full.gradZ3()), OptimFixtures.values(dz3), 1e-10, 1e-13, "dz3");
            }
        }
    }

    /** Gradients against central finite differences of the loss itself (float64, every element). */
    @Test
    void gradientsMatchFiniteDifferences() {
        for (boolean triplet : new boolean[] {true, false}) {
            InfoNceLoss l = new InfoNceLoss(0.05, triplet ? 0.7 : 0.0);
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray[] z = random(m, 3, 4, triplet ? 5 : 6);
                if (!triplet) {
                    z[2] = null;
                }
                try (LossAndGrads r = l.lossAndGrads(z[0], z[1], z[2])) {
                    NDArray[] grads = {r.gradZ1(), r.gradZ2(), r.gradZ3()};
                    double h = 1e-6;
                    for (int which = 0; which < 3; which++) {
                        if (z[which] == null) {
                            continue;
                        }
                        double[] base = z[which].toDoubleArray();
                        double[] analytic = grads[which].toDoubleArray();
                        for (int i = 0; i < base.length; i++) {
                            double lossPlus = lossWith(l, z, which, base, i, h, m);
                            double lossMinus = lossWith(l, z, which, base, i, -h, m);
                            double numeric = (lossPlus - lossMinus) / (2 * h);
                            assertEquals(numeric, analytic[i], 1e-7 + 1e-6 * Math.abs(numeric),
                                    (triplet ? "triplet" : "pair") + " dz" + (which + 1) + "[" + i + "]");
                        }
                    }
                }
            }
        }
    }

    private static double lossWith(InfoNceLoss l, NDArray[] z, int which, double[] base, int i, double delta,
            NDManager m) {
        double[] shifted = base.clone();
        shifted[i] += delta;
        try (NDManager scope = m.newSubManager()) {
            NDArray[] args = z.clone();
            args[which] = scope.create(shifted, z[which].getShape());
            return l.loss(args[0], args[1], args[2]).getDouble();
        }
    }

    private static NDArray[] random(NDManager m, int batch, int dim, long seed) {
        Random rnd = new Random(seed);
        NDArray[] out = new NDArray[3];
        for (int k = 0; k < 3; k++) {
            double[] v = new double[batch * dim];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextGaussian() * (1 + k);
            }
            out[k] = m.create(v, new Shape(batch, dim));
        }
        return out;
    }

    /** Hand-computed: B=1, z1 ∥ z2 (cos 1), z3 ⟂ z1 (cos 0), τ=0.5, w=ln 3: loss = -log(e²/(e²+3)). */
    @Test
    void handComputedSingleTriplet() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z1 = m.create(new double[] {2, 0}, new Shape(1, 2));
            NDArray z2 = m.create(new double[] {5, 0}, new Shape(1, 2));
            NDArray z3 = m.create(new double[] {0, 7}, new Shape(1, 2));
            double loss = new InfoNceLoss(0.5, Math.log(3)).loss(z1, z2, z3).getDouble();
            assertEquals(-Math.log(Math.exp(2) / (Math.exp(2) + 3)), loss, 1e-12);
        }
    }

    @Test
    void repeatedLossAndGradsDoNotLeak() {
        InfoNceLoss l = new InfoNceLoss();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray[] z = random(m, 8, 16, 3);
            l.lossAndGrads(z[0], z[1], z[2]).close();
            int before = m.getManagedArrays().size();
            for (int k = 0; k < 50; k++) {
                l.lossAndGrads(z[0], z[1], z[2]).close();
                l.loss(z[0], z[1], null).close();
            }
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void rejectsBadShapes() {
        InfoNceLoss l = new InfoNceLoss();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray z = m.zeros(new Shape(4, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> l.loss(z, m.zeros(new Shape(4, 5)), null));
            assertTrue(e.getMessage().contains("z2"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> l.loss(z, z, m.zeros(new Shape(3, 3))));
            assertTrue(e.getMessage().contains("z3"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> l.loss(z, 2, z, z));
            assertThrows(IllegalArgumentException.class, () -> l.loss(m.zeros(new Shape(4)), z, z));
            assertThrows(IllegalArgumentException.class, () -> new InfoNceLoss(0.0, 0.0));
        }
    }
}
