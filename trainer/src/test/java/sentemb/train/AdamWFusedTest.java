package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sentemb.recipe.Recipe.Optimizer.Variant;

/**
 * Both kernels of AdamW, the Java loop over CPU memory ({@link AdamWLoop}, what the CPU gets) and
 * the op-by-op fused update (flat chunks of parameters, what other devices get), against the
 * per-parameter in-place update they replaced (kept below, op for op, as the reference). The
 * reference of the Java loop takes the IEEE square root (the engine's float64 sqrt rounded to
 * float32, {@code ieeeSqrtOfTheReference} shows it is), as CUDA and PyTorch builds without MKL
 * compute it; the op-by-op path takes the engine's float32 sqrt, which on the CPU is MKL's
 * vector math, within an ulp but not correctly rounded. Weights and both moments must be
 * bit-identical after every step, for both variants, with decay on and off, decay and no-decay
 * parameters interleaved, a changing learning rate, zero gradients, and chunk sizes that make
 * one chunk per group, several multi-parameter chunks and single-parameter chunks, and a
 * clipping scale applied inside the step. The state written by one layout, loaded into
 * another, continues the same trajectory.
 */
class AdamWFusedTest {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;
    /** Sizes 35, 64, 24, 1, 130, 12, 40, 7: around and across the small chunk sizes below. */
    private static final Shape[] SHAPES = {new Shape(7, 5), new Shape(64), new Shape(3, 4, 2), new Shape(1),
        new Shape(13, 10), new Shape(12), new Shape(8, 5), new Shape(7)};
    private static final int STEPS = 7;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Variant v : Variant.values()) {
            for (double wd : new double[] {0.0, 0.01}) {
                for (long chunk : new long[] {AdamW.DEFAULT_CHUNK_ELEMENTS, 64, 40, 1}) {
                    out.add(Arguments.of(v, wd, chunk, false));
                    out.add(Arguments.of(v, wd, chunk, true));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} wd={1} chunk={2} engineOps={3}")
    @MethodSource("cases")
    void bitIdenticalToThePerParameterUpdate(Variant variant, double weightDecay, long chunkElements,
            boolean engineOps) {
        SplittableRandom rnd = new SplittableRandom(29);
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> params = new ArrayList<>();
            List<TrainableParam> resumedParams = new ArrayList<>();
            PerParameterAdamW reference = new PerParameterAdamW(variant, weightDecay, !engineOps);
            for (int i = 0; i < SHAPES.length; i++) {
                float[] init = AdamWInPlaceTest.random(rnd, SHAPES[i].size(), 1.0);
                boolean decay = i % 3 != 1; // decay and no-decay interleaved
                params.add(new TrainableParam("p" + i, m.create(init, SHAPES[i]), decay));
                resumedParams.add(new TrainableParam("p" + i, m.create(init, SHAPES[i]), decay));
                reference.add(m.create(init, SHAPES[i]), decay);
            }
            // the resumed copy uses another layout, to show the state format does not depend on it
            long otherChunk = chunkElements == 40 ? 1 : 40;
            AdamW resumed = null;
            try (AdamW fused = new AdamW(params, BETA1, BETA2, EPS, weightDecay, variant, chunkElements, engineOps)) {
                for (int t = 1; t <= STEPS; t++) {
                    double lr = 1e-3 * t / 3.0 + (t == 4 ? 0.05 : 0);
                    List<NDArray> grads = new ArrayList<>();
                    for (int i = 0; i < SHAPES.length; i++) {
                        // mixed magnitudes, exact zeros included, one all-zero gradient at step 2
                        float[] g = AdamWInPlaceTest.random(rnd, SHAPES[i].size(), t % 2 == 0 ? 1e-3 : 10);
                        g[0] = 0f;
                        if (t == 2 && i == 4) {
                            java.util.Arrays.fill(g, 0f);
                        }
                        grads.add(m.create(g, SHAPES[i]));
                    }
                    // steps 5 and 6 clip: the scale applied inside the step must equal scaling each gradient first
                    float scale = t == 5 ? 0.37f : t == 6 ? 1e-3f : 1f;
                    List<NDArray> scaled = new ArrayList<>();
                    List<NDArray> forResumed = new ArrayList<>();
                    for (NDArray g : grads) {
                        scaled.add(g.duplicate().muli(scale));
                        forResumed.add(g.duplicate());
                    }
                    fused.step(lr, grads, scale);
                    reference.step(lr, scaled);
                    if (resumed != null) {
                        resumed.step(lr, forResumed, scale);
                    }
                    scaled.forEach(NDArray::close);
                    forResumed.forEach(NDArray::close);
                    Map<String, NDArray> state = fused.stateDict(m);
                    for (int i = 0; i < SHAPES.length; i++) {
                        String at = "step " + t + ", p" + i;
                        assertArrayEquals(AdamWInPlaceTest.bits(reference.weight(i)), AdamWInPlaceTest.bits(params.get(i).array()), at + " weight");
                        assertArrayEquals(AdamWInPlaceTest.bits(reference.expAvg(i)), AdamWInPlaceTest.bits(state.get("p" + i + AdamW.EXP_AVG_SUFFIX)),
                                at + " exp_avg");
                        assertArrayEquals(AdamWInPlaceTest.bits(reference.expAvgSq(i)), AdamWInPlaceTest.bits(state.get("p" + i + AdamW.EXP_AVG_SQ_SUFFIX)),
                                at + " exp_avg_sq");
                        if (resumed != null) {
                            assertArrayEquals(AdamWInPlaceTest.bits(reference.weight(i)), AdamWInPlaceTest.bits(resumedParams.get(i).array()),
                                    at + " weight after resume");
                        }
                    }
                    assertEquals(t, state.get(AdamW.STEP_KEY).toLongArray()[0]);
                    if (t == 3) {
                        for (int i = 0; i < SHAPES.length; i++) {
                            resumedParams.get(i).array().set(new ai.djl.ndarray.index.NDIndex("..."),
                                    params.get(i).array());
                        }
                        resumed = new AdamW(resumedParams, BETA1, BETA2, EPS, weightDecay, variant, otherChunk, engineOps);
                        resumed.loadStateDict(state, "step 3 state");
                    }
                    state.values().forEach(NDArray::close);
                    grads.forEach(NDArray::close);
                }
                assertTrue(resumed != null && resumed.stepCount() == STEPS);
            } finally {
                if (resumed != null) {
                    resumed.close();
                }
            }
        }
    }

    /**
     * Parameters large enough to be cut into several ranges (on several threads) and blocks, with
     * sizes that are multiples of neither: the Java loop against the reference, bit for bit.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Variant.class)
    void javaLoopOverManyRangesAndBlocks(Variant variant) {
        Shape[] shapes = {new Shape(300_007), new Shape(61, 83), new Shape(4096)};
        SplittableRandom rnd = new SplittableRandom(37);
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> loop = new ArrayList<>();
            PerParameterAdamW reference = new PerParameterAdamW(variant, 0.1, true);
            for (int i = 0; i < shapes.length; i++) {
                float[] init = AdamWInPlaceTest.random(rnd, shapes[i].size(), 1.0);
                loop.add(new TrainableParam("p" + i, m.create(init, shapes[i]), i != 1));
                reference.add(m.create(init, shapes[i]), i != 1);
            }
            try (AdamW a = new AdamW(loop, BETA1, BETA2, EPS, 0.1, variant, AdamW.DEFAULT_CHUNK_ELEMENTS, false)) {
                for (int t = 1; t <= 3; t++) {
                    List<NDArray> ga = new ArrayList<>();
                    List<NDArray> gb = new ArrayList<>();
                    float scale = t == 3 ? 0.5f : 1f;
                    for (Shape shape : shapes) {
                        float[] g = AdamWInPlaceTest.random(rnd, shape.size(), t == 2 ? 1e-4 : 2);
                        ga.add(m.create(g, shape));
                        gb.add(m.create(g, shape).muli(scale));
                    }
                    a.step(1e-2 * t, ga, scale);
                    reference.step(1e-2 * t, gb);
                    Map<String, NDArray> sa = a.stateDict(m);
                    for (int i = 0; i < shapes.length; i++) {
                        String at = "step " + t + ", p" + i;
                        assertArrayEquals(AdamWInPlaceTest.bits(reference.weight(i)), AdamWInPlaceTest.bits(loop.get(i).array()), at + " weight");
                        assertArrayEquals(AdamWInPlaceTest.bits(reference.expAvg(i)),
                                AdamWInPlaceTest.bits(sa.get("p" + i + AdamW.EXP_AVG_SUFFIX)), at + " exp_avg");
                        assertArrayEquals(AdamWInPlaceTest.bits(reference.expAvgSq(i)),
                                AdamWInPlaceTest.bits(sa.get("p" + i + AdamW.EXP_AVG_SQ_SUFFIX)), at + " exp_avg_sq");
                    }
                    sa.values().forEach(NDArray::close);
                    ga.forEach(NDArray::close);
                    gb.forEach(NDArray::close);
                }
            }
        }
    }

    /**
     * The reference's IEEE square root: the engine's float64 sqrt rounded to float32 equals the
     * correctly rounded float32 square root (from BigDecimal, no floating point involved) over
     * magnitudes from 1e-30 to 1e30, where the engine's float32 sqrt does not always.
     */
    @org.junit.jupiter.api.Test
    void ieeeSqrtOfTheReference() {
        SplittableRandom rnd = new SplittableRandom(41);
        float[] x = new float[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.pow(10, rnd.nextDouble(-30, 30));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] viaFloat64 = PerParameterAdamW.ieeeSqrt(m.create(x)).toFloatArray();
            float[] engine32 = m.create(x).sqrt().toFloatArray();
            int engineOff = 0;
            for (int i = 0; i < x.length; i++) {
                assertEquals(correctlyRoundedSqrt(x[i]), viaFloat64[i], 0f, "sqrt(" + x[i] + ")");
                engineOff += Float.floatToIntBits(engine32[i]) != Float.floatToIntBits(correctlyRoundedSqrt(x[i])) ? 1 : 0;
            }
            System.out.println("engine float32 sqrt: " + engineOff + " of " + x.length + " not correctly rounded");
        }
    }

    /** The float nearest to √x, from a 40-digit decimal square root and the two candidate floats around it. */
    private static float correctlyRoundedSqrt(float x) {
        java.math.BigDecimal exact = new java.math.BigDecimal(x).sqrt(new java.math.MathContext(40));
        float guess = exact.floatValue();
        float best = guess;
        java.math.BigDecimal bestErr = null;
        for (float c : new float[] {Math.nextDown(guess), guess, Math.nextUp(guess)}) {
            java.math.BigDecimal err = new java.math.BigDecimal(c).subtract(exact).abs();
            if (bestErr == null || err.compareTo(bestErr) < 0) {
                best = c;
                bestErr = err;
            }
        }
        return best;
    }

    /** What the trainer does (norm, then the clip scale inside the step) equals clipping first, then stepping. */
    @ParameterizedTest(name = "chunk={0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {AdamW.DEFAULT_CHUNK_ELEMENTS, 40})
    void clipScaleInsideTheStepEqualsClippingFirst(long chunkElements) {
        SplittableRandom rnd = new SplittableRandom(31);
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> clipped = new ArrayList<>();
            List<TrainableParam> fused = new ArrayList<>();
            for (int i = 0; i < SHAPES.length; i++) {
                float[] init = AdamWInPlaceTest.random(rnd, SHAPES[i].size(), 1.0);
                clipped.add(new TrainableParam("p" + i, m.create(init, SHAPES[i]), true));
                fused.add(new TrainableParam("p" + i, m.create(init, SHAPES[i]), true));
            }
            try (AdamW a = new AdamW(clipped, BETA1, BETA2, EPS, 0.01, Variant.HF_LEGACY, chunkElements);
                    AdamW b = new AdamW(fused, BETA1, BETA2, EPS, 0.01, Variant.HF_LEGACY, chunkElements)) {
                for (int t = 1; t <= 3; t++) {
                    List<NDArray> ga = new ArrayList<>();
                    List<NDArray> gb = new ArrayList<>();
                    for (Shape shape : SHAPES) {
                        NDArray g = m.create(AdamWInPlaceTest.random(rnd, shape.size(), t == 2 ? 1e-3 : 3));
                        ga.add(g.reshape(shape));
                        gb.add(g.reshape(shape).duplicate());
                    }
                    float normA = GradClipping.clip(ga, 1.0);
                    a.step(1e-2, ga);
                    float normB = GradClipping.globalNorm(gb);
                    assertEquals(Float.floatToIntBits(normA), Float.floatToIntBits(normB));
                    float coef = GradClipping.coefficient(normB, 1.0);
                    assertEquals(t == 2, coef == 1f, "step " + t + ": clipping only where the norm exceeds 1");
                    b.step(1e-2, gb, coef);
                    for (int i = 0; i < SHAPES.length; i++) {
                        assertArrayEquals(AdamWInPlaceTest.bits(clipped.get(i).array()), AdamWInPlaceTest.bits(fused.get(i).array()), "step " + t + ", p" + i);
                    }
                }
            }
        }
    }

    /** The layouts the cases above run: groups by device and decay flag, chunks capped, big ones alone. */
    @org.junit.jupiter.api.Test
    void chunksGroupByDecayAndRespectTheCap() {
        ai.djl.Device cpu = ai.djl.Device.cpu();
        List<FlatChunks.Entry> entries = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            entries.add(new FlatChunks.Entry(cpu, i % 3 != 1, SHAPES[i].size()));
        }
        // decay: p0 35, p2 24, p3 1, p5 12, p6 40; no decay: p1 64, p4 130, p7 7
        assertEquals("[[0, 2, 3, 5], [6], [1], [4], [7]]", members(FlatChunks.of(entries, 72)));
        assertEquals("[[0], [2, 3, 5], [6], [1], [4], [7]]", members(FlatChunks.of(entries, 40)));
        assertEquals("[[0, 2, 3, 5, 6], [1, 4, 7]]", members(FlatChunks.of(entries, AdamW.DEFAULT_CHUNK_ELEMENTS)));
        FlatChunks.Chunk first = FlatChunks.of(entries, 72).chunks().get(0);
        assertArrayEquals(new long[] {0, 35, 59, 60}, first.offsets());
        assertEquals(72, first.size());
    }

    private static String members(FlatChunks layout) {
        List<String> out = new ArrayList<>();
        for (FlatChunks.Chunk c : layout.chunks()) {
            out.add(java.util.Arrays.toString(c.members()));
        }
        return out.toString();
    }

    /** AdamW.update as it was before the fused rewrite: in place, one parameter at a time. */
    private static final class PerParameterAdamW {
        private final Variant variant;
        private final double weightDecay;
        private final List<NDArray> weights = new ArrayList<>();
        private final List<NDArray> avg = new ArrayList<>();
        private final List<NDArray> avgSq = new ArrayList<>();
        private final List<Boolean> decays = new ArrayList<>();
        private long step;

        /** {@code ieeeSqrt}: the correctly rounded square root, else the engine's float32 sqrt. */
        private final boolean ieeeSqrt;

        PerParameterAdamW(Variant variant, double weightDecay, boolean ieeeSqrt) {
            this.variant = variant;
            this.weightDecay = weightDecay;
            this.ieeeSqrt = ieeeSqrt;
        }

        /** The float32 square root correctly rounded: the float64 root (exact to far more bits) rounded once. */
        static NDArray ieeeSqrt(NDArray v) {
            try (NDArray wide = v.toType(ai.djl.ndarray.types.DataType.FLOAT64, true); NDArray root = wide.sqrt()) {
                return root.toType(ai.djl.ndarray.types.DataType.FLOAT32, true);
            }
        }

        void add(NDArray w, boolean decay) {
            weights.add(w);
            avg.add(w.zerosLike());
            avgSq.add(w.zerosLike());
            decays.add(decay);
        }

        NDArray weight(int i) {
            return weights.get(i);
        }

        NDArray expAvg(int i) {
            return avg.get(i);
        }

        NDArray expAvgSq(int i) {
            return avgSq.get(i);
        }

        void step(double lr, List<NDArray> grads) {
            step++;
            double bc1 = 1 - Math.pow(BETA1, step);
            double bc2 = 1 - Math.pow(BETA2, step);
            NDManager mm = weights.get(0).getManager();
            float decayFactor;
            double stepSize;
            if (variant == Variant.TORCH) {
                decayFactor = (float) (1 - lr * weightDecay);
                stepSize = lr / bc1;
            } else {
                decayFactor = (float) (-lr * weightDecay);
                stepSize = lr * Math.sqrt(bc2) / bc1;
            }
            try (NDManager k = mm.newSubManager()) {
                NDArray decayS = k.create(decayFactor);
                NDArray sqrtBc2 = k.create((float) Math.sqrt(bc2));
                NDArray negStep = k.create((float) -stepSize);
                NDArray b1 = k.create((float) BETA1);
                NDArray omb1 = k.create((float) (1 - BETA1));
                NDArray b2 = k.create((float) BETA2);
                NDArray omb2 = k.create((float) (1 - BETA2));
                NDArray epsS = k.create((float) EPS);
                for (int i = 0; i < weights.size(); i++) {
                    NDArray w = weights.get(i);
                    NDArray g = grads.get(i);
                    NDArray m = avg.get(i);
                    NDArray v = avgSq.get(i);
                    boolean decay = decays.get(i) && weightDecay > 0;
                    NDArray s = k.zeros(w.getShape());
                    if (variant == Variant.TORCH && decay) {
                        w.muli(decayS);
                    }
                    m.muli(b1);
                    s.set(new ai.djl.ndarray.index.NDIndex(":"), g);
                    s.muli(omb1);
                    m.addi(s);
                    v.muli(b2);
                    s.set(new ai.djl.ndarray.index.NDIndex(":"), g);
                    s.muli(g);
                    s.muli(omb2);
                    v.addi(s);
                    try (NDArray denom = ieeeSqrt ? ieeeSqrt(v) : v.sqrt()) {
                        if (variant == Variant.TORCH) {
                            denom.divi(sqrtBc2);
                        }
                        denom.addi(epsS);
                        s.set(new ai.djl.ndarray.index.NDIndex(":"), m);
                        s.divi(denom);
                    }
                    s.muli(negStep);
                    w.addi(s);
                    if (variant == Variant.HF_LEGACY && decay) {
                        s.set(new ai.djl.ndarray.index.NDIndex(":"), w);
                        s.muli(decayS);
                        w.addi(s);
                    }
                }
            }
        }
    }
}
