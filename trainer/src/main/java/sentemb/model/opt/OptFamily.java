package sentemb.model.opt;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sentemb.model.DecoderConfig;
import sentemb.model.DecoderFamily;
import sentemb.model.DecoderModel;
import sentemb.model.weights.HostTensor;

/** The OPT family (facebook/opt-*): learned positions, LayerNorm, ReLU FFN, {@code model.decoder.} keys. */
public final class OptFamily implements DecoderFamily {
    public static final OptFamily INSTANCE = new OptFamily();

    /** PEFT's module names for OPT's linear layers (the reference's 4-bit runs target all six). */
    private static final List<String> LORA_TARGETS = List.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2");
    /** PEFT's default for model_type opt, and the LoRA paper's choice: the query and value projections. */
    private static final List<String> DEFAULT_LORA_TARGETS = List.of("q_proj", "v_proj");

    private OptFamily() {}

    @Override
    public String name() {
        return "opt";
    }

    @Override
    public List<String> modelTypes() {
        return List.of("opt");
    }

    @Override
    public OptConfig readConfig(JsonNode json, Path file) {
        return OptConfig.fromJson(json, file);
    }

    @Override
    public OptModel create(DecoderConfig config, Device device, DataType dtype) {
        return new OptModel(opt(config), device, dtype);
    }

    @Override
    public Map<String, long[]> expectedShapes(DecoderConfig config) {
        return OptWeights.expectedShapes(opt(config));
    }

    @Override
    public Map<String, HostTensor> randomWeights(DecoderConfig config, long seed) {
        return OptWeights.random(opt(config), seed);
    }

    @Override
    public Optional<String> canonicalName(String checkpointKey) {
        return OptNames.canonical(checkpointKey);
    }

    @Override
    public String hfName(String canonical) {
        return OptNames.toHf(canonical);
    }

    @Override
    public List<String> loraTargets() {
        return LORA_TARGETS;
    }

    @Override
    public List<String> defaultLoraTargets() {
        return DEFAULT_LORA_TARGETS;
    }

    private static OptConfig opt(DecoderConfig c) {
        if (c instanceof OptConfig o) {
            return o;
        }
        throw new IllegalArgumentException("not an OPT config: model_type " + c.modelType());
    }
}
