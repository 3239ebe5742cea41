package sentemb.model.llama;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import sentemb.model.weights.HostTensor;

/** LLaMA-family parameter shapes and initialisation. */
final class LlamaWeights {
    private LlamaWeights() {}

    static Map<String, long[]> expectedShapes(LlamaConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        int h = c.hiddenSize();
        int q = c.numHeads() * c.headDim();
        int kv = c.numKeyValueHeads() * c.headDim();
        int ff = c.intermediateSize();
        s.put("embed_tokens.weight", new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "layers." + i + ".";
            s.put(p + "self_attn.q_proj.weight", new long[] {q, h});
            s.put(p + "self_attn.k_proj.weight", new long[] {kv, h});
            s.put(p + "self_attn.v_proj.weight", new long[] {kv, h});
            s.put(p + "self_attn.o_proj.weight", new long[] {h, q});
            if (c.qkvBias()) {
                s.put(p + "self_attn.q_proj.bias", new long[] {q});
                s.put(p + "self_attn.k_proj.bias", new long[] {kv});
                s.put(p + "self_attn.v_proj.bias", new long[] {kv});
            }
            if (c.outputBias()) {
                s.put(p + "self_attn.o_proj.bias", new long[] {h});
            }
            s.put(p + "mlp.gate_proj.weight", new long[] {ff, h});
            s.put(p + "mlp.up_proj.weight", new long[] {ff, h});
            s.put(p + "mlp.down_proj.weight", new long[] {h, ff});
            if (c.mlpBias()) {
                s.put(p + "mlp.gate_proj.bias", new long[] {ff});
                s.put(p + "mlp.up_proj.bias", new long[] {ff});
                s.put(p + "mlp.down_proj.bias", new long[] {h});
            }
            s.put(p + "input_layernorm.weight", new long[] {h});
            s.put(p + "post_attention_layernorm.weight", new long[] {h});
        }
        s.put("norm.weight", new long[] {h});
        return s;
    }

    /**
     * Transformers' initialisation ({@code _init_weights}): linear and embedding weights
     * ~ N(0, 0.02), biases 0, RMSNorm weights 1, the pad row (when the config has one) 0.
     */
    static Map<String, HostTensor> random(LlamaConfig c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (var e : expectedShapes(c).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            if (name.endsWith("norm.weight")) {
                Arrays.fill(v, 1f);
            } else if (!name.endsWith(".bias")) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextGaussian() * 0.02);
                }
            }
            if (name.equals("embed_tokens.weight") && c.padTokenId() >= 0 && c.padTokenId() < c.vocabSize()) {
                int d = (int) shape[1];
                Arrays.fill(v, c.padTokenId() * d, (c.padTokenId() + 1) * d, 0f);
            }
            out.put(name, new HostTensor(name, shape, v, "random(seed=" + seed + ")"));
        }
        return out;
    }
}
