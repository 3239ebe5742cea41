package sentemb.text;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The special tokens and BOS policy a Hugging Face tokenizer directory declares in
 * {@code tokenizer_config.json} and {@code special_tokens_map.json} (OPT ships both:
 * bos = eos = unk = {@code </s>}, pad = {@code <pad>}, {@code add_bos_token: true}).
 * A token is written either as a plain string or as an AddedToken object with {@code content}.
 * Where both files name a role, special_tokens_map.json wins (as transformers applies it last).
 */
record SpecialTokens(Map<String, AddedToken> byRole, Boolean addBosFlag) {

    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    static final String SPECIAL_TOKENS_MAP = "special_tokens_map.json";
    private static final List<String> ROLES =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");

    /** One special token with the matching flags of a tokenizer.json added token. */
    record AddedToken(String content, boolean singleWord, boolean lstrip, boolean rstrip, boolean normalized) {}

    /**
     * Reads the two files from {@code dir}; at least one must exist, since without them the
     * special tokens are unknown. {@code addBosFlag} is {@code add_bos_token} when the config
     * sets it, else null (the tokenizer's own rule decides, see {@link PromptTokenizer}).
     * A bos_token may be absent (Qwen2 has none); it is needed only where BOS is added.
     */
    static SpecialTokens load(Path dir) {
        Path config = dir.resolve(TOKENIZER_CONFIG);
        Path map = dir.resolve(SPECIAL_TOKENS_MAP);
        if (!Files.isRegularFile(config) && !Files.isRegularFile(map)) {
            throw new IllegalArgumentException("tokenizer directory " + dir + " lacks both " + TOKENIZER_CONFIG
                    + " and " + SPECIAL_TOKENS_MAP + ": one of them must name bos_token / pad_token");
        }
        Map<String, AddedToken> roles = new LinkedHashMap<>();
        Boolean addBos = null;
        if (Files.isRegularFile(config)) {
            JsonNode root = JsonFiles.readObject(config);
            readRoles(root, config, roles);
            JsonNode flag = root.get("add_bos_token");
            if (flag != null && !flag.isNull()) {
                if (!flag.isBoolean()) {
                    throw new IllegalArgumentException("malformed " + config + ": key add_bos_token must be true or false, found "
                            + flag);
                }
                addBos = flag.booleanValue();
            }
        }
        if (Files.isRegularFile(map)) {
            readRoles(JsonFiles.readObject(map), map, roles);
        }
        return new SpecialTokens(Map.copyOf(roles), addBos);
    }

    /**
     * Whether a tokenizer built from vocab.json + merges.txt prepends BOS: {@code add_bos_token},
     * true when unset (what OPT's tokenizer does; OPT ships vocab/merges, not tokenizer.json).
     */
    boolean addBosToken() {
        return addBosFlag == null || addBosFlag;
    }

    /** The token content for a role such as {@code "pad_token"}, or null when not declared. */
    String content(String role) {
        AddedToken t = byRole.get(role);
        return t == null ? null : t.content();
    }

    /** Distinct special tokens in role order (bos, eos, unk, sep, pad, cls, mask). */
    List<AddedToken> distinct() {
        List<AddedToken> out = new ArrayList<>();
        for (String role : ROLES) {
            AddedToken t = byRole.get(role);
            if (t != null && out.stream().noneMatch(o -> o.content().equals(t.content()))) {
                out.add(t);
            }
        }
        return out;
    }

    private static void readRoles(JsonNode root, Path file, Map<String, AddedToken> roles) {
        for (String role : ROLES) {
            JsonNode v = root.get(role);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.isTextual()) {
                // transformers' default for special tokens given as plain strings
                roles.put(role, new AddedToken(v.textValue(), false, false, false, false));
            } else if (v.isObject() && v.path("content").isTextual()) {
                roles.put(role, new AddedToken(v.get("content").textValue(),
                        v.path("single_word").asBoolean(false), v.path("lstrip").asBoolean(false),
                        v.path("rstrip").asBoolean(false), v.path("normalized").asBoolean(false)));
            } else {
                throw new IllegalArgumentException("malformed " + file + ": key " + role
                        + " must be a string or an object with a string \"content\", found " + v);
            }
        }
    }
}
