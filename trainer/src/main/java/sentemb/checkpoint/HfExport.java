package sentemb.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sentemb.io.AtomicFiles;
import sentemb.model.DecoderFamily;
import sentemb.model.DecoderModel;
import sentemb.model.ModelWeights;
import sentemb.model.weights.DType;
import sentemb.model.weights.HostTensor;
import sentemb.model.weights.SafetensorsWriter;
import sentemb.text.PromptTokenizer;

/**
 * Writes a model in the Hugging Face layout: {@code config.json}, {@code model.safetensors}
 * with the family's {@code *ForCausalLM} keys ({@code model.decoder.*} for OPT, {@code model.*} for LLaMA), the
 * tokenizer files, and {@code sentemb.json} with the representation. Also the PEFT layout of
 * LoRA adapters ({@code adapter_config.json}, {@code adapter_model.safetensors}).
 */
public final class HfExport {
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt",
            "tokenizer_config.json", "special_tokens_map.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HfExport() {}

    /** Writes the model's current weights (adapters must already be merged) into {@code dir}. */
    public static void writeModel(Path dir, DecoderModel model, Path tokenizerDir, EmbeddingSpec spec) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.writeBytes(dir.resolve("config.json"), JSON.writeValueAsBytes(model.config().toHfJson()));
        Map<String, HostTensor> weights = new LinkedHashMap<>();
        for (var e : ModelWeights.snapshot(model.parameters().all(), "export").entrySet()) {
            String hf = model.family().hfName(e.getKey());
            weights.put(hf, new HostTensor(hf, e.getValue().shape(), e.getValue().data(), "export"));
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"), DType.F32);
        copyTokenizer(tokenizerDir, dir);
        try (PromptTokenizer tok = PromptTokenizer.load(dir)) {
            spec.withPadding(tok).write(dir);
        }
    }

    /** Copies the tokenizer files present in {@code from} (at least vocab/merges or tokenizer.json). */
    public static void copyTokenizer(Path from, Path to) throws IOException {
        int copied = 0;
        for (String f : TOKENIZER_FILES) {
            Path src = from.resolve(f);
            if (Files.isRegularFile(src)) {
                Files.copy(src, to.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                copied++;
            }
        }
        if (copied == 0) {
            throw new IllegalArgumentException("no tokenizer files in " + from + " (looked for " + TOKENIZER_FILES + ")");
        }
    }

    /**
     * PEFT's LoRA layout. Keys follow PEFT on the family's {@code *ForCausalLM} base, e.g.
     * {@code base_model.model.model.decoder.layers.N.<module>.lora_A.weight} for OPT.
     */
    public static void writePeftAdapter(Path dir, DecoderFamily family, Map<String, HostTensor> adapters, int r, int alpha, double dropout,
            List<String> targets, String baseModel) throws IOException {
        Files.createDirectories(dir);
        Map<String, HostTensor> peft = new LinkedHashMap<>();
        for (var e : adapters.entrySet()) {
            String key = "base_model.model." + family.hfName(e.getKey());
            peft.put(key, new HostTensor(key, e.getValue().shape(), e.getValue().data(), "export"));
        }
        SafetensorsWriter.write(dir.resolve("adapter_model.safetensors"), peft, Map.of("format", "pt"), DType.F32);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("peft_type", "LORA");
        cfg.put("task_type", "CAUSAL_LM");
        cfg.put("base_model_name_or_path", baseModel);
        cfg.put("r", r);
        cfg.put("lora_alpha", alpha);
        cfg.put("lora_dropout", dropout);
        cfg.put("target_modules", targets);
        cfg.put("bias", "none");
        cfg.put("fan_in_fan_out", false);
        cfg.put("inference_mode", true);
        cfg.put("modules_to_save", null);
        AtomicFiles.writeBytes(dir.resolve("adapter_config.json"), JSON.writeValueAsBytes(cfg));
    }
}
