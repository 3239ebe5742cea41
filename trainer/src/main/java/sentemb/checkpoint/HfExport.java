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
import sentemb.text.TokenizerJson;

/**
 * Writes a model in the Hugging Face layout: {@code config.json}, {@code model.safetensors}
 * with the family's {@code *ForCausalLM} keys ({@code model.decoder.*} for OPT, {@code model.*}
 * for LLaMA), sharded as {@code save_pretrained} does above a size limit
 * ({@code model-00001-of-0000N.safetensors} and {@code model.safetensors.index.json}), the
 * tokenizer files including {@code tokenizer.json}, and {@code sentemb.json} with the
 * representation. Also the PEFT layout of LoRA adapters ({@code adapter_config.json},
 * {@code adapter_model.safetensors}).
 */
public final class HfExport {
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "vocab.json", "merges.txt",
            "tokenizer_config.json", "special_tokens_map.json");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** transformers' default {@code max_shard_size} ("5GB", decimal). */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;
    static final String SINGLE_FILE = "model.safetensors";
    static final String INDEX_FILE = "model.safetensors.index.json";

    private HfExport() {}

    /** Writes the model's current weights (adapters must already be merged) into {@code dir}, unsharded up to 5 GB. */
    public static void writeModel(Path dir, DecoderModel model, Path tokenizerDir, EmbeddingSpec spec) throws IOException {
        writeModel(dir, model, tokenizerDir, spec, DEFAULT_MAX_SHARD_BYTES);
    }

    /** As above, with shards of at most {@code maxShardBytes} (a single tensor larger than that gets a shard of its own). */
    public static void writeModel(Path dir, DecoderModel model, Path tokenizerDir, EmbeddingSpec spec, long maxShardBytes)
            throws IOException {
        if (maxShardBytes < 1) {
            throw new IllegalArgumentException("max shard size must be positive, got " + maxShardBytes);
        }
        Files.createDirectories(dir);
        AtomicFiles.writeBytes(dir.resolve("config.json"), JSON.writeValueAsBytes(model.config().toHfJson()));
        Map<String, HostTensor> weights = new LinkedHashMap<>();
        for (var e : ModelWeights.snapshot(model.parameters().all(), "export").entrySet()) {
            String hf = model.family().hfName(e.getKey());
            weights.put(hf, new HostTensor(hf, e.getValue().shape(), e.getValue().data(), "export"));
        }
        writeWeights(dir, weights, maxShardBytes);
        copyTokenizer(tokenizerDir, dir);
        if (!Files.isRegularFile(dir.resolve(TokenizerJson.FILE))) {
            TokenizerJson.write(tokenizerDir, dir.resolve(TokenizerJson.FILE));
        }
        try (PromptTokenizer tok = PromptTokenizer.load(dir)) {
            spec.withPadding(tok).write(dir);
        }
    }

    /**
     * {@code model.safetensors}, or, when the float32 weights exceed {@code maxShardBytes},
     * shards filled in order as transformers' {@code shard_checkpoint} does, plus the index
     * {@code {"metadata": {"total_size": bytes}, "weight_map": {tensor: shard file}}}.
     */
    static void writeWeights(Path dir, Map<String, HostTensor> weights, long maxShardBytes) throws IOException {
        List<Map<String, HostTensor>> shards = new java.util.ArrayList<>();
        Map<String, HostTensor> current = new LinkedHashMap<>();
        long currentBytes = 0;
        long total = 0;
        for (var e : weights.entrySet()) {
            long bytes = 4 * e.getValue().numel();
            if (!current.isEmpty() && currentBytes + bytes > maxShardBytes) {
                shards.add(current);
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            current.put(e.getKey(), e.getValue());
            currentBytes += bytes;
            total += bytes;
        }
        shards.add(current);
        if (shards.size() == 1) {
            SafetensorsWriter.write(dir.resolve(SINGLE_FILE), weights, Map.of("format", "pt"), DType.F32);
            return;
        }
        Map<String, String> weightMap = new java.util.TreeMap<>();
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format(java.util.Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
            SafetensorsWriter.write(dir.resolve(name), shards.get(i), Map.of("format", "pt"), DType.F32);
            shards.get(i).keySet().forEach(k -> weightMap.put(k, name));
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("metadata", Map.of("total_size", total));
        index.put("weight_map", weightMap);
        AtomicFiles.writeBytes(dir.resolve(INDEX_FILE), JSON.writeValueAsBytes(index));
    }

    /**
     * A size as transformers writes {@code max_shard_size}: bytes, or a number with KB, MB, GB
     * (decimal) or KiB, MiB, GiB (binary), e.g. {@code 5GB}, {@code 500MB}, {@code 1024}.
     */
    public static long parseSize(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(|B|KB|MB|GB|TB|KIB|MIB|GIB)").matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size; expected e.g. 5GB, 500MB, 2GiB or a number of bytes");
        }
        double n = Double.parseDouble(m.group(1));
        long unit = switch (m.group(2)) {
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            case "KIB" -> 1L << 10;
            case "MIB" -> 1L << 20;
            case "GIB" -> 1L << 30;
            default -> 1L;
        };
        long bytes = (long) (n * unit);
        if (bytes < 1) {
            throw new IllegalArgumentException("'" + text + "': the size must be at least one byte");
        }
        return bytes;
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
