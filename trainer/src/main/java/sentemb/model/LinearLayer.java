package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code y = x Wᵀ + b} with the weight stored as Hugging Face does ({@code out × in}). It
 * knows nothing of adapters: LoRA wraps it (see {@link LinearSlot}), as PEFT wraps its base layer.
 */
public final class LinearLayer extends AbstractBlock implements LinearModule {
    private final String name;
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public LinearLayer(ParamRegistry registry, String name, int inFeatures, int outFeatures, boolean withBias) {
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

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inFeatures() {
        return inFeatures;
    }

    @Override
    public int outFeatures() {
        return outFeatures;
    }

    public Parameter weight() {
        return weight;
    }

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return bias == null
                ? ai.djl.nn.core.Linear.linear(x, weight.getArray()).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
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
