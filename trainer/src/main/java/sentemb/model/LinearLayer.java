package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.lora.LoraAdapter;

/**
 * {@code y = x Wᵀ + b} with the weight stored as Hugging Face does ({@code out × in}), and an
 * optional LoRA adapter whose output is added.
 */
public final class LinearLayer extends AbstractBlock {
    private final String name;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;
    private LoraAdapter lora;

    LinearLayer(ParamRegistry registry, String name, int inFeatures, int outFeatures, boolean withBias) {
        this.name = name;
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = addParameter(ParamRegistry.newParam("weight", Parameter.Type.WEIGHT));
        registry.add(name + ".weight", weight);
        if (withBias) {
            this.bias = addParameter(ParamRegistry.newParam("bias", Parameter.Type.BIAS));
            registry.add(name + ".bias", bias);
        } else {
            this.bias = null;
        }
    }

    public String name() {
        return name;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public Parameter weight() {
        return weight;
    }

    public LoraAdapter lora() {
        return lora;
    }

    /** Attaches a LoRA adapter (see {@link sentemb.model.lora.LoraInjector}). */
    public void attachLora(LoraAdapter adapter) {
        if (lora != null) {
            throw new IllegalStateException(name + " already has a LoRA adapter");
        }
        lora = addChildBlock("lora", adapter);
    }

    /** Removes the adapter after {@link LoraAdapter#mergeInto} folded it into the weight. */
    public void detachLora() {
        lora = null;
    }

    public NDArray forward(NDArray x, boolean training) {
        NDArray y = bias == null
                ? Linear.linear(x, weight.getArray()).singletonOrThrow()
                : Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
        if (lora != null) {
            y = y.add(lora.forward(x, training));
        }
        return y;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
    }
}
