package sentemb.model.opt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.ParamRegistry;

/**
 * Layer norm over the last axis with eps 1e-5 (torch's default, which OPT uses). With
 * {@code layer_norm_elementwise_affine = false} it has no parameters; constant ones and
 * zeros stand in for γ and β because the engine's kernel wants both.
 */
public final class LayerNormLayer extends AbstractBlock {
    static final float EPS = 1e-5f;
    private final int size;
    private final Parameter gamma;
    private final Parameter beta;
    private NDArray constGamma;
    private NDArray constBeta;

    LayerNormLayer(ParamRegistry registry, String name, int size, boolean affine) {
        this.size = size;
        if (affine) {
            gamma = addParameter(ParamRegistry.newParam("weight", Parameter.Type.GAMMA));
            beta = addParameter(ParamRegistry.newParam("bias", Parameter.Type.BETA));
            registry.add(name + ".weight", gamma);
            registry.add(name + ".bias", beta);
        } else {
            gamma = null;
            beta = null;
        }
    }

    /** Creates the constant γ=1, β=0 of a non-affine norm beside the model's other arrays. */
    void materializeConstants(ai.djl.ndarray.NDManager manager, ai.djl.ndarray.types.DataType dtype) {
        if (gamma == null) {
            constGamma = manager.ones(new Shape(size), dtype);
            constBeta = manager.zeros(new Shape(size), dtype);
        }
    }

    public NDArray forward(NDArray x) {
        NDArray g = gamma != null ? gamma.getArray() : constGamma;
        NDArray b = beta != null ? beta.getArray() : constBeta;
        return LayerNorm.layerNorm(x, new Shape(size), g, b, EPS).singletonOrThrow();
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
