package sentemb.model.llama;

import java.util.Optional;
import java.util.Set;

/**
 * Canonical names of LLaMA-family decoder weights: the key after {@code model.}
 * ({@code *ForCausalLM.save_pretrained} writes {@code model.layers.0.self_attn.q_proj.weight};
 * the bare {@code LlamaModel} writes {@code layers.0...}). {@code lm_head.weight} and the
 * {@code rotary_emb.inv_freq} buffers some old conversions saved are not weights of the decoder.
 */
public final class LlamaNames {
    /** Prefix written by {@code LlamaForCausalLM} (and Mistral's, Qwen2's): the default for export. */
    public static final String CAUSAL_LM_PREFIX = "model.";

    private static final Set<String> DECODER_MODULES = Set.of("embed_tokens", "layers", "norm");

    private LlamaNames() {}

    public static Optional<String> canonical(String checkpointName) {
        String rest = checkpointName.startsWith(CAUSAL_LM_PREFIX) ? checkpointName.substring(CAUSAL_LM_PREFIX.length())
                : checkpointName;
        if (rest.endsWith(".rotary_emb.inv_freq")) {
            return Optional.empty(); // a buffer recomputed from the config, not a weight
        }
        int dot = rest.indexOf('.');
        String module = dot < 0 ? rest : rest.substring(0, dot);
        return DECODER_MODULES.contains(module) && dot > 0 ? Optional.of(rest) : Optional.empty();
    }

    /** {@code model.<canonical>}. */
    public static String toHf(String canonical) {
        if (canonical(canonical).filter(canonical::equals).isEmpty()) {
            throw new IllegalArgumentException("'" + canonical + "' is not a canonical LLaMA-family weight name");
        }
        return CAUSAL_LM_PREFIX + canonical;
    }
}
