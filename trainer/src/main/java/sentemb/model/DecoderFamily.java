package sentemb.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import sentemb.model.weights.HostTensor;

/**
 * One architecture family: everything that differs between OPT and LLaMA-style decoders.
 * {@link DecoderFamilies} picks the family from {@code config.json}'s {@code model_type}.
 */
public interface DecoderFamily {

    /** Short name, e.g. "opt" or "llama". */
    String name();

    /** The {@code model_type} values this family reads. */
    List<String> modelTypes();

    /** Reads a parsed {@code config.json} ({@code file} names it in errors). */
    DecoderConfig readConfig(JsonNode json, Path file);

    /** The structure for {@code config}, parameters not yet set. */
    DecoderModel create(DecoderConfig config, Device device, DataType dtype);

    /** The shape every canonical parameter must have under {@code config}. */
    Map<String, long[]> expectedShapes(DecoderConfig config);

    /** Hugging Face's initialisation of this family from a seed, by canonical name. */
    Map<String, HostTensor> randomWeights(DecoderConfig config, long seed);

    /** The canonical name of a checkpoint key, or empty when it is not a decoder weight ({@code lm_head}). */
    Optional<String> canonicalName(String checkpointKey);

    /** The key a Hugging Face {@code *ForCausalLM} checkpoint uses for {@code canonical}. */
    String hfName(String canonical);

    /** The module names LoRA may target in this family, one table per family as PEFT names them. */
    List<String> loraTargets();

    /**
     * The modules LoRA targets when a recipe names none ({@code lora.targets = null}): PEFT's
     * default for the family's model types (its {@code TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING}).
     */
    List<String> defaultLoraTargets();
}
