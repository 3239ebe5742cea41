package sentemb.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sentemb.model.lora.LoraConfig;
import sentemb.model.opt.OptConfig;
import sentemb.model.opt.OptModel;
import sentemb.model.opt.OptWeights;
import sentemb.model.lora.LoraInjector;

/**
 * The embedder's levers leave the training loss and every gradient those of the plain padded
 * computation (one forward over the batch left-padded to its longest, every position of every
 * layer computed): the packed forward with and without the shared prefix, and the last-layer-
 * at-the-pooled-position shortcut, for pre-LN with projections and post-LN, full fine-tuning and LoRA.
 *
 * <p>Dropout is off: with it on, a different layout draws different (equally distributed)
 * masks, so only the dropout-free computation can be compared. Tolerance: {@link #TOLERANCE}
 * of the largest magnitude of each tensor. The variants add the same products in a different
 * order (other matmul sizes block differently; a gathered prefix's gradient is summed over the rows)
 * and masked keys contribute exactly 0 to the softmax either way, so they differ by float32
 * rounding: a few ulps times the number of terms of a sum (~10⁻⁶ relative here); a wrong row
 * order, mask or position would be off by order 1.
 */
class SequenceEmbedderTest {
    static final float TOLERANCE = 2e-5f;

    static OptConfig config(boolean preLn) {
        // vocab 64, hidden 16, 2 layers, 4 heads, ffn 32, 64 positions; projection 8 for pre-LN; no dropout
        return new OptConfig(64, 16, 2, 4, 32, 64, preLn ? 8 : 16, preLn, true, true, false, 0f, 0f, 1, 2, 2);
    }

    /** 15 prompts: BOS + a 4-token shared head + 1..20 own tokens, in no particular length order. */
    static List<int[]> prompts(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] head = {2, 40, 41, 42, 43};
        int[] lengths = {7, 1, 20, 3, 3, 12, 5, 19, 2, 8, 8, 14, 1, 6, 11};
        List<int[]> out = new ArrayList<>();
        for (int n : lengths) {
            int[] s = new int[head.length + n];
            System.arraycopy(head, 0, s, 0, head.length);
            for (int i = head.length; i < s.length; i++) {
                s[i] = rng.nextInt(3, 64);
            }
            out.add(s);
        }
        return out;
    }

    record Result(float loss, Map<String, float[]> grads) {}

    /** A loss that depends on every row differently: Σ w·z + ½ Σ z². */
    static Result lossAndGrads(OptModel m, Map<String, Parameter> trainable, Function<NDManager, NDArray> embed) {
        try (NDManager nd = m.manager().newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = embed.apply(nd);
            NDArray w = nd.arange((float) z.getShape().size()).reshape(z.getShape()).sin();
            NDArray l = z.mul(w).sum().add(z.square().sum().mul(Scalars.of(z, 0.5)));
            float loss = l.getFloat();
            gc.backward(l);
            Map<String, float[]> grads = new LinkedHashMap<>();
            for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
                NDArray a = e.getValue().getArray();
                grads.put(e.getKey(), a.getGradient().toFloatArray());
                JniUtils.zeroGrad((PtNDArray) a);
            }
            return new Result(loss, grads);
        }
    }

    static Map<String, Parameter> trainable(OptModel m, boolean lora) {
        Map<String, Parameter> t = lora
                ? LoraInjector.inject(m, new LoraConfig(4, 8, 0f, List.of("q_proj", "v_proj", "fc1")), 5)
                : m.parameters().all();
        if (lora) {
            // B = 0 after injection would leave A without gradient: give B values
            for (Map.Entry<String, Parameter> e : t.entrySet()) {
                if (e.getKey().contains("lora_B")) {
                    NDArray b = e.getValue().getArray();
                    b.set(new ai.djl.ndarray.index.NDIndex("..."),
                            m.manager().randomNormal(0, 0.3f, b.getShape(), DataType.FLOAT32));
                }
            }
        }
        t.values().forEach(p -> EmbeddingLookup.requireGradient(p.getArray()));
        return t;
    }

    static void assertClose(Result expected, Result actual, String what) {
        assertEquals(expected.loss(), actual.loss(), TOLERANCE * Math.abs(expected.loss()), what + ": loss");
        for (String name : expected.grads().keySet()) {
            float[] e = expected.grads().get(name);
            float[] a = actual.grads().get(name);
            float scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertTrue(scale > 0 || name.contains("embed_positions") || name.contains("embed_tokens"),
                    what + ": no gradient reached " + name);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], a[i], TOLERANCE * scale + 1e-7f, what + ": d loss / d " + name + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"true,false", "false,false", "true,true", "false,true"})
    void everyLeverLeavesLossAndGradientsOfThePaddedComputation(boolean preLn, boolean lora) {
        OptConfig c = config(preLn);
        try (OptModel m = new OptModel(c, Device.cpu(), DataType.FLOAT32)) {
            ModelWeights.load(m, OptWeights.random(c, 17));
            Map<String, Parameter> params = trainable(m, lora);
            List<int[]> seqs = prompts(3);
            // the reference: every position of the padded batch, last column read off the full output
            Result padded = lossAndGrads(m, params, nd -> {
                PaddedBatch b = PaddedBatch.leftPad(nd, seqs, c.padTokenId());
                return m.hidden(b.ids(), b.mask(), false, true).get(":, -1, :");
            });
            Map<String, SequenceEmbedder> variants = new LinkedHashMap<>();
            variants.put("pruned last layer", SequenceEmbedder.padded(m, c.padTokenId(), Pooling.LAST));
            variants.put("packed", SequenceEmbedder.packed(m, Pooling.LAST, false));
            variants.put("packed, shared prefix", SequenceEmbedder.packed(m, Pooling.LAST, true));
            for (Map.Entry<String, SequenceEmbedder> v : variants.entrySet()) {
                SequenceEmbedder e = v.getValue();
                SequenceEmbedder.Plan plan = e.plan(seqs);
                assertEquals(v.getKey().contains("shared") ? 5 : 0, plan.sharedPrefix(), v.getKey());
                assertEquals(v.getKey().startsWith("packed"), plan.packed(), v.getKey());
                assertClose(padded, lossAndGrads(m, params, nd -> e.embed(nd, seqs, true)), v.getKey());
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void packedMeanPoolingEqualsPadded(boolean preLn) {
        OptConfig c = config(preLn);
        try (OptModel m = new OptModel(c, Device.cpu(), DataType.FLOAT32)) {
            ModelWeights.load(m, OptWeights.random(c, 23));
            Map<String, Parameter> params = trainable(m, false);
            List<int[]> seqs = prompts(9);
            SequenceEmbedder plain = SequenceEmbedder.padded(m, c.padTokenId(), Pooling.MEAN);
            SequenceEmbedder packed = SequenceEmbedder.packed(m, Pooling.MEAN, true);
            assertClose(lossAndGrads(m, params, nd -> plain.embed(nd, seqs, true)),
                    lossAndGrads(m, params, nd -> packed.embed(nd, seqs, true)), "packed mean pooling");
        }
    }

    @org.junit.jupiter.api.Test
    void planCountsThePositionsEachForwardComputes() {
        OptConfig c = config(true);
        try (OptModel m = new OptModel(c, Device.cpu(), DataType.FLOAT32)) {
            List<int[]> seqs = prompts(1); // 15 rows of 5 shared + 1..20 own tokens (120 in all), longest 25
            assertEquals(new SequenceEmbedder.Plan(true, 5), SequenceEmbedder.packed(m, Pooling.LAST, true).plan(seqs));
            assertEquals(5 + 120, SequenceEmbedder.packed(m, Pooling.LAST, true).plan(seqs).paddedTokens(seqs));
            assertEquals(15 * 5 + 120, SequenceEmbedder.packed(m, Pooling.LAST, false).plan(seqs).paddedTokens(seqs));
            assertEquals(15 * 25, SequenceEmbedder.padded(m, 1, Pooling.LAST).plan(seqs).paddedTokens(seqs));
        }
    }
}
