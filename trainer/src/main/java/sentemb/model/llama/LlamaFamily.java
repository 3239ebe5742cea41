package sentemb.model.llama;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sentemb.model.DecoderConfig;
import sentemb.model.DecoderFamily;
import sentemb.model.weights.HostTensor;

/** The LLaMA architecture family: model_type llama, mistral and qwen2. */
public final class LlamaFamily implements DecoderFamily {
    public static final LlamaFamily INSTANCE = new LlamaFamily();

    /** PEFT's module names for the family's linear layers. */
    private static final List<String> LORA_TARGETS =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
    /** PEFT's default for model_type llama, mistral and qwen2: the query and value projections. */
    private static final List<String> DEFAULT_LORA_TARGETS = List.of("q_proj", "v_proj");

    private LlamaFamily() {}

    @Override
    public String name() {
        return "llama";
    }

    @Override
    public List<String> modelTypes() {
        return List.of("llama", "mistral", "qwen2");
    }

    @Override
    public LlamaConfig readConfig(JsonNode json, Path file) {
        return LlamaConfig.fromJson(json, file);
    }

    @Override
    public LlamaModel create(DecoderConfig config, Device device, DataType dtype) {
        return new LlamaModel(llama(config), device, dtype);
    }

    @Override
    public Map<String, long[]> expectedShapes(DecoderConfig config) {
        return LlamaWeights.expectedShapes(llama(config));
    }

    @Override
    public Map<String, HostTensor> randomWeights(DecoderConfig config, long seed) {
        return LlamaWeights.random(llama(config), seed);
    }

    @Override
    public Optional<String> canonicalName(String checkpointKey) {
        return LlamaNames.canonical(checkpointKey);
    }

    @Override
    public String hfName(String canonical) {
        return LlamaNames.toHf(canonical);
    }

    @Override
    public List<String> loraTargets() {
        return LORA_TARGETS;
    }

    @Override
    public List<String> defaultLoraTargets() {
        return DEFAULT_LORA_TARGETS;
    }

    private static LlamaConfig llama(DecoderConfig c) {
        if (c instanceof LlamaConfig l) {
            return l;
        }
        throw new IllegalArgumentException("not a LLaMA-family config: model_type " + c.modelType());
    }
}
