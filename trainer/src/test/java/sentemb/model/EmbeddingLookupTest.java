package sentemb.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sparse-gradient lookup against torch's dense embedding backward, with ids repeated so
 * rows are summed: from a zeroed gradient (every training step) the gradient is bit-identical;
 * accumulated over several backward passes (GradCache's micro-batches) it differs only by the
 * order of the float additions. It stays a dense array the optimizer can read in place.
 */
class EmbeddingLookupTest {
    @org.junit.jupiter.params.ParameterizedTest(name = "zeroed between passes: {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void gradientEqualsTheDenseBackward(boolean zeroEachPass) {
        SplittableRandom rnd = new SplittableRandom(3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray init = m.randomNormal(new Shape(500, 16));
            NDArray sparse = init.duplicate();
            NDArray dense = init.duplicate();
            EmbeddingLookup.requireGradient(sparse);
            dense.setRequiresGradient(true);
            for (int pass = 0; pass < 3; pass++) {
                long[] ids = new long[300];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = rnd.nextInt(120); // many repeats
                }
                NDArray upstream = m.randomNormal(new Shape(ids.length, 16));
                try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray idArray = step.create(ids);
                    upstream.tempAttach(step);
                    gc.backward(EmbeddingLookup.lookup(idArray, sparse).mul(upstream).sum());
                    gc.backward(Embedding.embedding(idArray, dense, SparseFormat.DENSE).singletonOrThrow().mul(upstream).sum());
                }
                NDArray gs = JniUtils.getGradient((PtNDArray) sparse);
                NDArray gd = JniUtils.getGradient((PtNDArray) dense);
                assertEquals(SparseFormat.DENSE, gs.getSparseFormat(), "pass " + pass + ": the accumulated gradient stays dense");
                if (zeroEachPass || pass == 0) {
                    assertArrayEquals(bits(gd), bits(gs), "pass " + pass);
                } else {
                    float[] e = gd.toFloatArray();
                    float[] a = gs.toFloatArray();
                    for (int i = 0; i < e.length; i++) {
                        assertEquals(e[i], a[i], 1e-6f * Math.max(1f, Math.abs(e[i])), "pass " + pass + "[" + i + "]");
                    }
                }
                gs.close();
                gd.close();
                if (zeroEachPass) {
                    JniUtils.zeroGrad((PtNDArray) sparse);
                    JniUtils.zeroGrad((PtNDArray) dense);
                }
            }
        }
    }

    @Test
    void requireGradientKeepsAnExistingGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(7, 3));
            EmbeddingLookup.requireGradient(w);
            try (NDArray g = JniUtils.getGradient((PtNDArray) w)) {
                assertArrayEquals(new float[21], g.toFloatArray(), "a fresh gradient is zero");
                g.addi(m.ones(new Shape(7, 3)));
            }
            EmbeddingLookup.requireGradient(w);
            try (NDArray g = JniUtils.getGradient((PtNDArray) w)) {
                assertEquals(21f, g.sum().getFloat(), "a second call leaves it as it was");
            }
        }
    }

    private static int[] bits(NDArray a) {
        float[] f = a.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToIntBits(f[i]);
        }
        return out;
    }
}
