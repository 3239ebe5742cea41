package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A decoder block's place for one linear module, as a PyTorch parent module's attribute is:
 * it starts with the base {@link LinearLayer}, and an adapter package may put a wrapper of
 * that base layer in its place ({@code setattr(parent, "q_proj", lora.Linear(base))} in PEFT).
 * The blocks call the slot; neither they nor the base layer know what wraps it.
 */
public final class LinearSlot extends AbstractBlock implements LinearModule {
    private final LinearLayer base;
    private LinearModule module;

    public LinearSlot(ParamRegistry registry, String name, int inFeatures, int outFeatures, boolean withBias) {
        base = addChildBlock("base", new LinearLayer(registry, name, inFeatures, outFeatures, withBias));
        module = base;
    }

    /** The layer holding the pretrained weight (and bias). */
    public LinearLayer base() {
        return base;
    }

    /** What the slot runs now: the base layer or a wrapper of it. */
    public LinearModule module() {
        return module;
    }

    /** Puts {@code replacement} (the base layer itself, or a module wrapping it) in the slot. */
    public void replace(LinearModule replacement) {
        if (!replacement.name().equals(base.name()) || replacement.inFeatures() != base.inFeatures()
                || replacement.outFeatures() != base.outFeatures()) {
            throw new IllegalArgumentException("module " + replacement.name() + " cannot stand in for " + base.name());
        }
        module = replacement;
    }

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
        return module.forward(x, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return base.getOutputShapes(inputShapes);
    }
}
