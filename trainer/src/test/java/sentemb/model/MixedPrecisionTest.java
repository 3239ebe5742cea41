package sentemb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * The casts of the fp16 forward keep the graph: the gradient that reaches the input is the
 * upstream gradient cast to the input's dtype (the derivative of a cast is the identity),
 * and the fp32 softmax from fp16 input has the softmax Jacobian, written out by hand here.
 */
class MixedPrecisionTest {
    private static final float[] VALUES = {0.5f, -1.25f, 0f, 3.0f, 0.1f, 0f};
    private static final float[] UPSTREAM = {1.5f, -0.3f, 2.0f, 0.7f, -4.0f, 0.25f};

    private static NDArray leaf(NDManager m, float[] v, DataType type) {
        NDArray a = m.create(v).toType(type, true);
        a.setRequiresGradient(true);
        return a;
    }

    private static float[] roundedToHalf(float[] v) {
        try (NDManager m = NDManager.newBaseManager()) {
            return m.create(v).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Test
    void upcastPassesTheGradientBackAsFp16() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = leaf(m, VALUES, DataType.FLOAT16);
            NDArray w = m.create(UPSTREAM);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = MixedPrecision.toFloat32(x);
                assertEquals(DataType.FLOAT32, y.getDataType());
                assertArrayEquals(roundedToHalf(VALUES), y.toFloatArray());
                gc.backward(y.mul(w).sum());
            }
            assertEquals(DataType.FLOAT16, x.getGradient().getDataType());
            assertArrayEquals(roundedToHalf(UPSTREAM), x.getGradient().toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    @Test
    void downcastPassesTheGradientBackAsFp32EvenAtZeros() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = leaf(m, VALUES, DataType.FLOAT32).reshape(2, 3);
            x.setRequiresGradient(true);
            NDArray g = m.create(UPSTREAM).toType(DataType.FLOAT16, false).reshape(2, 3);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = MixedPrecision.castDown(x, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, y.getDataType());
                assertEquals(x.getShape(), y.getShape());
                assertArrayEquals(roundedToHalf(VALUES), y.toType(DataType.FLOAT32, false).toFloatArray());
                gc.backward(y.mul(g).sum());
            }
            assertEquals(DataType.FLOAT32, x.getGradient().getDataType());
            assertArrayEquals(roundedToHalf(UPSTREAM), x.getGradient().toFloatArray());
        }
    }

    @Test
    void fp32SoftmaxOfFp16InputHasTheSoftmaxGradient() {
        float[] v = roundedToHalf(VALUES);
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            max = Math.max(max, f);
        }
        double[] p = new double[v.length];
        double z = 0;
        for (int i = 0; i < v.length; i++) {
            p[i] = Math.exp(v[i] - max);
            z += p[i];
        }
        double pw = 0;
        for (int i = 0; i < v.length; i++) {
            p[i] /= z;
            pw += p[i] * UPSTREAM[i];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = leaf(m, VALUES, DataType.FLOAT16);
            NDArray w = m.create(UPSTREAM);
            float[] probs;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = MixedPrecision.softmax(x, -1, DataType.FLOAT32);
                assertEquals(DataType.FLOAT32, y.getDataType());
                probs = y.toFloatArray();
                gc.backward(y.mul(w).sum());
            }
            float[] grad = x.getGradient().toType(DataType.FLOAT32, false).toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(p[i], probs[i], 1e-6, "p[" + i + "]");
                double expected = p[i] * (UPSTREAM[i] - pw); // d/dx_i sum_j p_j w_j
                assertTrue(Math.abs(expected - grad[i]) <= 1e-3 * Math.max(1, Math.abs(expected)),
                        "grad[" + i + "] = " + grad[i] + ", expected " + expected);
            }
        }
    }
}
