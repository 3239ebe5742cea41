package sentemb.model.lora;

import java.util.List;

/**
 * LoRA hyper-parameters, as PEFT names them: rank {@code r}, {@code alpha} (the update is
 * scaled by {@code alpha / r}), dropout on the adapter's input, and the target module names
 * (checked against the model's family when the adapters are injected).
 */
public record LoraConfig(int r, double alpha, double dropout, List<String> targets) {

    public LoraConfig {
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
            throw new IllegalArgumentException("lora.targets is empty");
        }
        targets = List.copyOf(targets);
    }

    public float scale() {
        return (float) (alpha / r);
    }
}
