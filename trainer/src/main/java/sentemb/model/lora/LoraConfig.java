package sentemb.model.lora;

import java.util.List;
import java.util.Set;

/**
 * LoRA hyper-parameters, as PEFT names them: rank {@code r}, {@code alpha} (the update is
 * scaled by {@code alpha / r}), dropout on the adapter's input, and the target module names.
 */
public record LoraConfig(int r, float alpha, float dropout, List<String> targets) {
    public static final Set<String> VALID_TARGETS = Set.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2");

    public LoraConfig {
        if (r <= 0) {
            throw new IllegalArgumentException("lora.r must be > 0, got " + r);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("lora.dropout must be in [0, 1), got " + dropout);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("lora.targets is empty; choose from " + VALID_TARGETS);
        }
        for (String t : targets) {
            if (!VALID_TARGETS.contains(t)) {
                throw new IllegalArgumentException("lora.targets: unknown module '" + t + "'; valid: " + VALID_TARGETS);
            }
        }
        targets = List.copyOf(targets);
    }

    public float scale() {
        return alpha / r;
    }
}
