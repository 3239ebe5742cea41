package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import sentemb.model.weights.HostTensor;

/** Moves parameter values between host tensors (checkpoint files) and a model. */
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
     * Sets every parameter from tensors keyed by canonical name. Missing, unexpected and
     * mis-shaped tensors are all reported at once, naming the tensor, its file and both shapes.
     */
    public static void load(OptModel model, Map<String, HostTensor> tensors) {
        Map<String, long[]> expected = expectedShapes(model.config());
        List<String> problems = new ArrayList<>();
        for (var e : expected.entrySet()) {
            HostTensor t = tensors.get(e.getKey());
            if (t == null) {
                problems.add("missing tensor '" + e.getKey() + "' (expected shape " + Arrays.toString(e.getValue()) + ")");
            } else if (!Arrays.equals(t.shape(), e.getValue())) {
                problems.add("tensor '" + e.getKey() + "' in " + t.source() + " has shape " + t.shapeString()
                        + " but the config expects " + Arrays.toString(e.getValue()));
            }
        }
        for (var e : new TreeSet<>(tensors.keySet())) {
            if (!expected.containsKey(e)) {
                problems.add("unexpected tensor '" + e + "' in " + tensors.get(e).source());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not match config.json: " + String.join("; ", problems));
        }
        for (var e : model.parameters().all().entrySet()) {
            setValue(model, e.getValue(), tensors.get(e.getKey()));
        }
    }

    /**
     * Loads a Hugging Face model directory's weights into {@code model}, one tensor at a time
     * (shape checked before any data is read). Weights the config does not call for are an
     * error naming them and their file; {@code lm_head} is ignored.
     */
    public static void loadDirectory(OptModel model, java.nio.file.Path dir) throws java.io.IOException {
        Map<String, long[]> expected = expectedShapes(model.config());
        try (sentemb.model.weights.OptCheckpoint ckpt = sentemb.model.weights.OptCheckpoint.open(dir)) {
            List<String> unexpected = new ArrayList<>();
            for (String name : ckpt.names()) {
                if (!expected.containsKey(name)) {
                    unexpected.add("'" + ckpt.fileName(name) + "' in " + ckpt.info(name).source());
                }
            }
            if (!unexpected.isEmpty()) {
                throw new IllegalArgumentException("weights in " + dir + " do not match config.json: unexpected tensor(s) "
                        + String.join(", ", unexpected));
            }
            for (var e : model.parameters().all().entrySet()) {
                setValue(model, e.getValue(), ckpt.require(e.getKey(), expected.get(e.getKey())));
            }
        }
    }

    static void setValue(OptModel model, Parameter p, HostTensor t) {
        NDArray a = model.manager().create(t.data(), new Shape(t.shape())).toType(model.dtype(), false);
        if (p.isInitialized()) {
            p.close(); // frees the old array and clears it, so setArray accepts the new one
        }
        p.setArray(a);
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

    /** Current parameter values as fp32 host tensors, by canonical name. */
    public static Map<String, HostTensor> snapshot(Map<String, Parameter> params, String source) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (var e : params.entrySet()) {
            out.put(e.getKey(), toHost(e.getKey(), e.getValue().getArray(), source));
        }
        return out;
    }

    public static HostTensor toHost(String name, NDArray a, String source) {
        NDArray f = a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32 ? a : a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        HostTensor t = new HostTensor(name, a.getShape().getShape(), f.toFloatArray(), source);
        if (f != a) {
            f.close();
        }
        return t;
    }
}
