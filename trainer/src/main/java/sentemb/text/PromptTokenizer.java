package sentemb.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A decoder's tokenizer, for any family, loaded from a Hugging Face model directory:
 * {@code tokenizer.json} when present (LLaMA, Mistral, Qwen2), otherwise {@code vocab.json} +
 * {@code merges.txt} (what OPT ships), from which an equivalent tokenizer.json is built in memory.
 * Either way the Rust tokenizers library inside DJL does the work; its own padding,
 * truncation and special tokens are switched off so that this class decides them:
 * <ul>
 *   <li>BOS as the tokenizer's own rule says: {@code add_bos_token} in tokenizer_config.json
 *       when set (LlamaTokenizerFast rebuilds its post-processor from it), else the
 *       tokenizer.json post-processor's template ({@code <s> $A} for LLaMA/Mistral, none for
 *       Qwen2), else (vocab/merges) true, as OPT's tokenizer prepends {@code </s>} (id 2);</li>
 *   <li>nothing appended;</li>
 *   <li>pad: config.json's {@code pad_token_id}, else the tokenizer's pad token, else 0 (LLaMA
 *       ships none; the reference pads with 0; any id works under the attention mask), which
 *       {@link #padSource()} says;</li>
 *   <li>batches are padded on the left (see {@code PaddedBatch}).</li>
 * </ul>
 * Works offline (run with {@code -Dai.djl.offline=true}). Not thread-safe to close while in use.
 */
public final class PromptTokenizer implements AutoCloseable {
    static final String TOKENIZER_JSON = "tokenizer.json";
    static final String MODEL_CONFIG = "config.json";

    private final HuggingFaceTokenizer hf;
    private final Path source;
    private final int bosId;
    private final int padId;
    private final int vocabSize;
    private final boolean addBosToken;
    private final String padSource;

    private PromptTokenizer(HuggingFaceTokenizer hf, Path source, int bosId, int padId, String padSource, int vocabSize,
            boolean addBosToken) {
        this.hf = hf;
        this.source = source;
        this.bosId = bosId;
        this.padId = padId;
        this.padSource = padSource;
        this.vocabSize = vocabSize;
        this.addBosToken = addBosToken;
    }

    /**
     * Loads the tokenizer of a model directory. Needs {@code tokenizer_config.json} or
     * {@code special_tokens_map.json}, and {@code tokenizer.json} or {@code vocab.json} +
     * {@code merges.txt}; a missing set is reported with every missing name.
     */
    public static PromptTokenizer load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("tokenizer directory " + dir + " does not exist or is not a directory");
        }
        Path tokenizerJson = dir.resolve(TOKENIZER_JSON);
        Path vocab = dir.resolve(ByteLevelBpeJson.VOCAB);
        Path merges = dir.resolve(ByteLevelBpeJson.MERGES);
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(tokenizerJson)) {
            if (!Files.isRegularFile(vocab)) {
                missing.add(ByteLevelBpeJson.VOCAB);
            }
            if (!Files.isRegularFile(merges)) {
                missing.add(ByteLevelBpeJson.MERGES);
            }
        }
        if (!Files.isRegularFile(dir.resolve(SpecialTokens.TOKENIZER_CONFIG))
                && !Files.isRegularFile(dir.resolve(SpecialTokens.SPECIAL_TOKENS_MAP))) {
            missing.add(SpecialTokens.TOKENIZER_CONFIG + " (or " + SpecialTokens.SPECIAL_TOKENS_MAP + ")");
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("tokenizer directory " + dir + " is incomplete: missing " + String.join(", ", missing)
                    + " (needed: " + TOKENIZER_JSON + " or " + ByteLevelBpeJson.VOCAB + " + " + ByteLevelBpeJson.MERGES
                    + ", and " + SpecialTokens.TOKENIZER_CONFIG + " or " + SpecialTokens.SPECIAL_TOKENS_MAP + ")");
        }

        SpecialTokens specials = SpecialTokens.load(dir);
        JsonNode json;
        Path source;
        if (Files.isRegularFile(tokenizerJson)) {
            json = JsonFiles.readObject(tokenizerJson);
            source = tokenizerJson;
        } else {
            json = ByteLevelBpeJson.synthesize(vocab, merges, specials);
            source = vocab;
        }
        Map<String, Integer> ids = tokenIds(json, source);
        int size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        String templateBos = source == tokenizerJson ? templateBos(json) : null;
        boolean addBos = specials.addBosFlag() != null ? specials.addBosFlag()
                : source == tokenizerJson ? templateBos != null : specials.addBosToken();
        String bosToken = templateBos != null ? templateBos : specials.content("bos_token");
        int bos = -1;
        if (bosToken != null) {
            bos = idOf(ids, bosToken, "bos_token", source);
        } else if (addBos) {
            throw new IllegalArgumentException("tokenizer in " + dir + " adds a BOS token but names none (bos_token in "
                    + SpecialTokens.TOKENIZER_CONFIG + " or a special token in " + TOKENIZER_JSON + "'s post_processor)");
        }
        String[] padFrom = new String[1];
        int pad = padId(dir, specials, ids, size, source, padFrom);

        HuggingFaceTokenizer hf;
        try {
            // Padding, truncation and special tokens are ours to decide (see class comment).
            hf = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(JsonFiles.MAPPER.writeValueAsBytes(json)),
                    Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + source + " to the tokenizers library: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the tokenizers library rejected the tokenizer built from " + source + ": "
                    + e.getMessage(), e);
        }
        return new PromptTokenizer(hf, source, bos, pad, padFrom[0], size, addBos);
    }

    /**
     * Token ids of {@code text}; with {@code specials}, BOS first where the tokenizer's rule adds
     * one ({@link #addBosToken()}); nothing is ever appended.
     */
    public int[] encode(String text, boolean specials) {
        return withBos(hf.encode(text, false, false).getIds(), specials && addBosToken);
    }

    /** {@link #encode} for many texts at once (the Rust library encodes them in parallel). */
    public int[][] encodeAll(List<String> texts, boolean specials) {
        Encoding[] encodings = hf.batchEncode(texts.toArray(String[]::new), false, false);
        int[][] out = new int[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            out[i] = withBos(encodings[i].getIds(), specials && addBosToken);
        }
        return out;
    }

    /** Text of {@code ids}, special tokens dropped, no space clean-up. */
    public String decode(int[] ids) {
        return decode(ids, true);
    }

    /**
     * Text of {@code ids} as the Rust decoder gives it (byte-level: a cut through a multi-byte
     * character decodes to U+FFFD, as in transformers); no space clean-up
     * (see {@link TokenizationSpaces}).
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " is outside the vocabulary [0, "
                        + vocabSize + ") of " + source);
            }
            l[i] = ids[i];
        }
        return hf.decode(l, skipSpecialTokens);
    }


    /** Id of the BOS token ({@code </s>} = 2 for OPT, {@code <s>} = 1 for LLaMA), -1 when the tokenizer has none. */
    public int bosId() {
        return bosId;
    }

    /** Padding id: config.json's pad_token_id when the directory has one, else the tokenizer's pad token, else 0. */
    public int padId() {
        return padId;
    }

    /** Where {@link #padId()} comes from, in words (for output metadata). */
    public String padSource() {
        return padSource;
    }

    /** Number of token ids the tokenizer can produce (largest id + 1). */
    public int vocabSize() {
        return vocabSize;
    }

    /** Whether BOS goes in front of every prompt (true for OPT, LLaMA and Mistral; false for Qwen2). */
    public boolean addBosToken() {
        return addBosToken;
    }

    /** The file the tokenizer was built from (tokenizer.json or vocab.json). */
    public Path source() {
        return source;
    }

    @Override
    public void close() {
        hf.close();
    }

    private int[] withBos(long[] ids, boolean addBos) {
        int off = addBos ? 1 : 0;
        int[] out = new int[ids.length + off];
        if (addBos) {
            out[0] = bosId;
        }
        for (int i = 0; i < ids.length; i++) {
            out[i + off] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** Token to id from the BPE model's vocab and the added tokens of a tokenizer.json. */
    private static Map<String, Integer> tokenIds(JsonNode json, Path source) {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = json.path("model").path("vocab");
        if (!vocab.isObject()) {
            throw new IllegalArgumentException("malformed " + source + ": expected an object at model.vocab (a BPE model)");
        }
        Iterator<Map.Entry<String, JsonNode>> it = vocab.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt() || e.getValue().intValue() < 0) {
                throw new IllegalArgumentException("malformed " + source + ": model.vocab key " + e.getKey()
                        + " must map to a non-negative integer id, found " + e.getValue());
            }
            ids.put(e.getKey(), e.getValue().intValue());
        }
        for (JsonNode a : json.path("added_tokens")) {
            if (!a.path("content").isTextual() || !a.path("id").canConvertToInt()) {
                throw new IllegalArgumentException("malformed " + source + ": every added_tokens entry needs content and id, found "
                        + a);
            }
            ids.put(a.get("content").textValue(), a.get("id").intValue());
        }
        return ids;
    }

    private static int idOf(Map<String, Integer> ids, String token, String role, Path source) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException(role + " " + token + " from the tokenizer config is not a token of " + source);
        }
        return id;
    }

    /**
     * The first {@code SpecialToken} of a TemplateProcessing post-processor's single-sequence
     * template (also inside a Sequence of processors), or null: the BOS a fast tokenizer adds.
     */
    private static String templateBos(JsonNode json) {
        JsonNode post = json.path("post_processor");
        List<JsonNode> processors = new ArrayList<>();
        if ("Sequence".equals(post.path("type").asText())) {
            post.path("processors").forEach(processors::add);
        } else {
            processors.add(post);
        }
        for (JsonNode p : processors) {
            if ("TemplateProcessing".equals(p.path("type").asText())) {
                JsonNode first = p.path("single").path(0);
                if (first.has("SpecialToken")) {
                    return first.path("SpecialToken").path("id").asText();
                }
            }
        }
        return null;
    }

    private static int padId(Path dir, SpecialTokens specials, Map<String, Integer> ids, int vocabSize, Path source,
            String[] from) {
        Path config = dir.resolve(MODEL_CONFIG);
        if (Files.isRegularFile(config)) {
            JsonNode v = JsonFiles.readObject(config).get("pad_token_id");
            if (v != null && !v.isNull()) {
                if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() >= vocabSize) {
                    throw new IllegalArgumentException("malformed " + config + ": key pad_token_id must be an integer id in [0, "
                            + vocabSize + "), found " + v);
                }
                from[0] = config + " pad_token_id";
                return v.intValue();
            }
        }
        String pad = specials.content("pad_token");
        if (pad == null) {
            from[0] = "none defined by " + dir + "; 0 used (any id works under the attention mask, as in the reference)";
            return 0;
        }
        from[0] = "the tokenizer's pad_token " + pad;
        return idOf(ids, pad, "pad_token", source);
    }
}
