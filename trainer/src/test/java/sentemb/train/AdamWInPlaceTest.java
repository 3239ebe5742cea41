package sentemb.train;

import sentemb.recipe.Recipe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The in-place AdamW against the out-of-place formula it replaced (kept below, op for op, as
 * the reference): on random tensors of several shapes, with and without weight decay, over
 * steps with a changing learning rate, every weight must be bit-identical.
 */
class AdamWInPlaceTest {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    private static final double WEIGHT_DECAY = 0.01;

    @ParameterizedTest
    @EnumSource(Recipe.Optimizer.Variant.class)
    void bitIdenticalToTheFormerFormula(Recipe.Optimizer.Variant variant) {
        Shape[] shapes = {new Shape(7, 5), new Shape(64), new Shape(3, 4, 2), new Shape(1)};
        SplittableRandom rnd = new SplittableRandom(13);
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> params = new ArrayList<>();
            NDArray[] reference = new NDArray[shapes.length];
            NDArray[] refAvg = new NDArray[shapes.length];
            NDArray[] refAvgSq = new NDArray[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                float[] init = random(rnd, shapes[i].size(), 1.0);
                params.add(new TrainableParam("p" + i, m.create(init, shapes[i]), i % 2 == 0));
                reference[i] = m.create(init, shapes[i]);
                refAvg[i] = m.zeros(shapes[i]);
                refAvgSq[i] = m.zeros(shapes[i]);
            }
            try (AdamW adamw = new AdamW(params, BETA1, BETA2, EPS, WEIGHT_DECAY, variant)) {
                for (int t = 1; t <= 6; t++) {
                    double lr = 1e-3 * t / 3.0 + (t == 4 ? 0.05 : 0);
                    List<NDArray> grads = new ArrayList<>();
                    for (Shape shape : shapes) {
                        // mixed magnitudes, exact zeros included
                        float[] g = random(rnd, shape.size(), t % 2 == 0 ? 1e-3 : 10);
                        g[0] = 0f;
                        grads.add(m.create(g, shape));
                    }
                    adamw.step(lr, grads);
                    double bc1 = 1 - Math.pow(BETA1, t);
                    double bc2 = 1 - Math.pow(BETA2, t);
                    for (int i = 0; i < shapes.length; i++) {
                        double decay = params.get(i).weightDecay() ? WEIGHT_DECAY : 0.0;
                        formerUpdate(variant, reference[i], grads.get(i), refAvg[i], refAvgSq[i], lr, decay, bc1, bc2);
                        assertArrayEquals(bits(reference[i]), bits(params.get(i).array()),
                                "step " + t + ", parameter p" + i);
                    }
                    grads.forEach(NDArray::close);
                }
            }
        }
    }

    /** AdamW.update as it was before the in-place rewrite (four temporaries per parameter). */
    private static void formerUpdate(Recipe.Optimizer.Variant variant, NDArray w, NDArray g, NDArray m, NDArray v, double lr,
            double decay, double biasCorrection1, double biasCorrection2) {
        if (variant == Recipe.Optimizer.Variant.TORCH) {
            w.muli((float) (1 - lr * decay));
        }
        m.muli((float) BETA1);
        try (NDArray scaled = g.mul((float) (1 - BETA1))) {
            m.addi(scaled);
        }
        v.muli((float) BETA2);
        try (NDArray sq = g.mul(g)) {
            sq.muli((float) (1 - BETA2));
            v.addi(sq);
        }
        try (NDArray denom = v.sqrt()) {
            double stepSize;
            if (variant == Recipe.Optimizer.Variant.TORCH) {
                denom.divi((float) Math.sqrt(biasCorrection2)).addi((float) EPS);
                stepSize = lr / biasCorrection1;
            } else {
                denom.addi((float) EPS);
                stepSize = lr * Math.sqrt(biasCorrection2) / biasCorrection1;
            }
            try (NDArray delta = m.div(denom)) {
                delta.muli((float) -stepSize);
                w.addi(delta);
            }
        }
        if (variant == Recipe.Optimizer.Variant.HF_LEGACY && decay > 0) {
            try (NDArray shrink = w.mul((float) (-lr * decay))) {
                w.addi(shrink);
            }
        }
    }

    /** Gaussian test values (also used by {@link AdamWFusedTest}). */
    static float[] random(SplittableRandom rnd, long n, double scale) {
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (rnd.nextGaussian() * scale);
        }
        return out;
    }

    /** The raw float bits of an array, for bit-identity assertions. */
    static int[] bits(NDArray a) {
        float[] f = a.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }
}
