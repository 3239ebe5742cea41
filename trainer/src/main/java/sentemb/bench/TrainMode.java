package sentemb.bench;

import java.util.List;
import sentemb.model.lora.LoraConfig;

/** What a benchmarked training step updates: LoRA on q,v (the reference's default), LoRA on all six linears, or everything. */
enum TrainMode {
    LORA_QV("lora-qv", List.of("q_proj", "v_proj")),
    LORA_ALL("lora-all", List.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2")),
    FULL("full", List.of());

    final String key;
    final List<String> targets;

    TrainMode(String key, List<String> targets) {
        this.key = key;
        this.targets = targets;
    }

    boolean lora() {
        return !targets.isEmpty();
    }

    /** The reference's LoRA settings (dropout 0.05) with rank {@code r} and alpha {@code alpha}; null for full fine-tuning. */
    LoraConfig loraConfig(int r, float alpha) {
        return lora() ? new LoraConfig(r, alpha, 0.05f, targets) : null;
    }
}
