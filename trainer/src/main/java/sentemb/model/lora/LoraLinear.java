package sentemb.model.lora;

import ai.djl.ndarray.NDArray;
import sentemb.model.LinearLayer;
import sentemb.model.LinearModule;

/**
 * A base linear layer with a LoRA adapter beside it (PEFT's {@code lora.Linear}):
 * {@code base(x) + scale · B(A(dropout(x)))}. The base layer is unchanged and unaware.
 */
public record LoraLinear(LinearLayer base, LoraAdapter adapter) implements LinearModule {

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return base.forward(x, training).add(adapter.forward(x, training));
    }
}
