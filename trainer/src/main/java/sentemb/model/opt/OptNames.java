package sentemb.model.opt;

import java.util.Optional;
import java.util.Set;

/**
 * Canonical names of OPT decoder weights, independent of how a checkpoint spells them.
 *
 * <p>Hugging Face checkpoints use two spellings: {@code OPTForCausalLM.save_pretrained}
 * writes {@code model.decoder.<name>} (plus {@code lm_head.weight}, tied to the token
 * embedding), {@code OPTModel} writes {@code decoder.<name>}; some facebook/opt-* files on the
 * Hub use the latter. Both load into both classes, because {@code from_pretrained} adds or
 * strips the {@code base_model_prefix} ("model") when the checkpoint and the model class
 * disagree. The canonical name is the part after the prefix, as in
 * {@code embed_tokens.weight}, {@code embed_positions.weight}, {@code project_in.weight},
 * {@code project_out.weight}, {@code final_layer_norm.weight},
 * {@code layers.0.self_attn.q_proj.weight}, {@code layers.0.fc1.bias}. Export writes
 * {@link #CAUSAL_LM_PREFIX}, the spelling that matches {@code "architectures":
 * ["OPTForCausalLM"]} in config.json.
 */
public final class OptNames {

    /** Prefix written by {@code OPTForCausalLM}: the default for export. */
    public static final String CAUSAL_LM_PREFIX = "model.decoder.";
    /** Prefix written by {@code OPTModel}. */
    public static final String BASE_MODEL_PREFIX = "decoder.";

    /** First components of the decoder's own modules (what a prefix-free name may start with). */
    private static final Set<String> DECODER_MODULES = Set.of("embed_tokens", "embed_positions", "project_in",
            "project_out", "final_layer_norm", "layers");

    private OptNames() {}

    /**
     * The canonical name of a checkpoint key, or empty when the key is not part of the decoder
     * (for example {@code lm_head.weight}, which is tied to the token embedding, or a task head).
     */
    public static Optional<String> canonical(String checkpointName) {
        String rest;
        if (checkpointName.startsWith(CAUSAL_LM_PREFIX)) {
            rest = checkpointName.substring(CAUSAL_LM_PREFIX.length());
        } else if (checkpointName.startsWith(BASE_MODEL_PREFIX)) {
            rest = checkpointName.substring(BASE_MODEL_PREFIX.length());
        } else {
            rest = checkpointName;
        }
        int dot = rest.indexOf('.');
        String module = dot < 0 ? rest : rest.substring(0, dot);
        return DECODER_MODULES.contains(module) && dot > 0 ? Optional.of(rest) : Optional.empty();
    }

    /** The prefix a checkpoint key uses ("model.decoder.", "decoder." or ""). */
    public static String prefixOf(String checkpointName) {
        if (checkpointName.startsWith(CAUSAL_LM_PREFIX)) {
            return CAUSAL_LM_PREFIX;
        }
        return checkpointName.startsWith(BASE_MODEL_PREFIX) ? BASE_MODEL_PREFIX : "";
    }

    /** The Hugging Face key for export: {@code model.decoder.<canonical>}. */
    public static String toHf(String canonical) {
        return toHf(canonical, CAUSAL_LM_PREFIX);
    }

    /** The key for {@code canonical} under {@code prefix} ({@link #CAUSAL_LM_PREFIX} or {@link #BASE_MODEL_PREFIX}). */
    public static String toHf(String canonical, String prefix) {
        if (canonical(canonical).filter(canonical::equals).isEmpty()) {
            throw new IllegalArgumentException("'" + canonical + "' is not a canonical OPT decoder weight name");
        }
        return prefix + canonical;
    }

    /** Name of layer {@code i}'s weight, e.g. {@code layer(3, "self_attn.q_proj.weight")}. */
    public static String layer(int i, String suffix) {
        return "layers." + i + "." + suffix;
    }
}
