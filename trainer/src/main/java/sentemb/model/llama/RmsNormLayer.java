package sentemb.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.ParamRegistry;
import sentemb.model.MixedPrecision;
import sentemb.model.Scalars;

/**
 * {@code w · (x / √(mean(x²) + eps))}, the statistics in fp32 whatever the model's dtype, the
 * normalised value cast back before the weight multiplies it (transformers' LlamaRMSNorm).
 */
final class RmsNormLayer extends AbstractBlock {
    private final Parameter weight;
    private final double eps;

    RmsNormLayer(ParamRegistry registry, String name, double eps) {
        this.eps = eps;
        weight = addParameter(ParamRegistry.newParam("weight", Parameter.Type.GAMMA));
        registry.add(name + ".weight", weight);
    }

    NDArray forward(NDArray x) {
        DataType in = x.getDataType();
        // casts on the graph (MixedPrecision): DJL's toType would cut the gradient in fp16
        NDArray x32 = MixedPrecision.toFloat32(x);
        NDArray variance = x32.square().mean(new int[] {-1}, true);
        NDArray normed = x32.div(variance.add(Scalars.of(variance, eps)).sqrt());
        return weight.getArray().mul(MixedPrecision.castDown(normed, in));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
