package sentemb.model.opt;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sentemb.model.weights.HostTensor;

/** OPT's parameter shapes and initialisation. */
public final class OptWeights {
    private OptWeights() {}

    /** The shape every canonical parameter must have under this config. */
    public static Map<String, long[]> expectedShapes(OptConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        int h = c.hiddenSize();
        s.put("embed_tokens.weight", new long[] {c.vocabSize(), c.wordEmbedProjDim()});
        s.put("embed_positions.weight", new long[] {c.maxPositions() + OptConfig.POSITION_OFFSET, h});
        if (c.hasProjection()) {
            s.put("project_in.weight", new long[] {h, c.wordEmbedProjDim()});
            s.put("project_out.weight", new long[] {c.wordEmbedProjDim(), h});
        }
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "layers." + i + ".";
            for (String proj : List.of("q_proj", "k_proj", "v_proj", "out_proj")) {
                s.put(p + "self_attn." + proj + ".weight", new long[] {h, h});
                if (c.enableBias()) {
                    s.put(p + "self_attn." + proj + ".bias", new long[] {h});
                }
            }
            s.put(p + "fc1.weight", new long[] {c.ffnDim(), h});
            s.put(p + "fc2.weight", new long[] {h, c.ffnDim()});
            if (c.enableBias()) {
                s.put(p + "fc1.bias", new long[] {c.ffnDim()});
                s.put(p + "fc2.bias", new long[] {h});
            }
            if (c.layerNormElementwiseAffine()) {
                for (String ln : List.of("self_attn_layer_norm", "final_layer_norm")) {
                    s.put(p + ln + ".weight", new long[] {h});
                    s.put(p + ln + ".bias", new long[] {h});
                }
            }
        }
        if (c.hasFinalLayerNorm() && c.layerNormElementwiseAffine()) {
            s.put("final_layer_norm.weight", new long[] {h});
            s.put("final_layer_norm.bias", new long[] {h});
        }
        return s;
    }

    /**
     * Hugging Face's OPT initialisation from a seed: linear and embedding weights ~ N(0, 0.02),
     * biases 0, layer norms γ=1 β=0, the padding row of the token embedding 0.
     */
    public static Map<String, HostTensor> random(OptConfig c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (var e : expectedShapes(c).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            float[] v = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
            boolean isNorm = name.contains("layer_norm");
            if (isNorm && name.endsWith(".weight")) {
                Arrays.fill(v, 1f);
            } else if (!isNorm && !name.endsWith(".bias")) {
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
