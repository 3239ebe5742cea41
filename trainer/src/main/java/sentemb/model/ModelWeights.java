package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import sentemb.model.weights.HostTensor;
import sentemb.model.weights.NamedCheckpoint;

/** Moves parameter values between host tensors (checkpoint files) and a model of any family. */
public final class ModelWeights {
    private ModelWeights() {}

    /**
     * Sets every parameter from tensors keyed by canonical name. Missing, unexpected and
     * mis-shaped tensors are all reported at once, naming the tensor, its file and both shapes.
     */
    public static void load(DecoderModel model, Map<String, HostTensor> tensors) {
        Map<String, long[]> expected = model.family().expectedShapes(model.config());
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
    public static void loadDirectory(DecoderModel model, java.nio.file.Path dir) throws java.io.IOException {
        Map<String, long[]> expected = model.family().expectedShapes(model.config());
        try (NamedCheckpoint ckpt = NamedCheckpoint.open(dir, model.family()::canonicalName)) {
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

    static void setValue(DecoderModel model, Parameter p, HostTensor t) {
        NDArray a = model.manager().create(t.data(), new Shape(t.shape())).toType(model.dtype(), false);
        if (p.isInitialized()) {
            p.close(); // frees the old array and clears it, so setArray accepts the new one
        }
        p.setArray(a);
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
