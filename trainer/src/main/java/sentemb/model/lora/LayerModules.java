package sentemb.model.lora;

import java.util.List;
import sentemb.model.LinearLayer;
import sentemb.model.OptDecoderLayer;

/** The linear modules of a decoder layer that LoRA can target, in PEFT's naming. */
final class LayerModules {
    private LayerModules() {}

    static List<LinearLayer> all(OptDecoderLayer layer) {
        return layer.linearModules();
    }
}
