package sentemb.model.lora;

import java.util.List;

/**
 * LoRA hyper-parameters, as PEFT names them: rank {@code r}, {@code alpha} (the update is
 * scaled by {@code alpha / r}), dropout on the adapter's input, and the target module names.
 * A recipe's {@code lora} group makes one for its model ({@code Recipe.Lora#adapter}), with the
 * model family's default targets when the recipe names none. Values are checked
 * where they are used ({@link LoraInjector#inject}) and, for recipes, by the recipe reader,
 * which reports every bad setting with its file and line.
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targets) {

    public LoraConfig {
        targets = List.copyOf(targets);
    }

    public float scale() {
        return (float) (alpha / r);
    }

    /** Throws when the values cannot make adapters for a model with these module names. */
    void validate(List<String> validTargets, String family) {
        if (r <= 0) {
            throw new IllegalArgumentException("lora.r must be > 0, got " + r);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("lora.alpha must be > 0, got " + alpha);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("lora.dropout must be in [0, 1), got " + dropout);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("lora.targets is empty; choose from " + validTargets);
        }
        for (String t : targets) {
            if (!validTargets.contains(t)) {
                throw new IllegalArgumentException("lora.targets: unknown module '" + t + "' for " + family
                        + " models; valid: " + validTargets);
            }
        }
    }
}
