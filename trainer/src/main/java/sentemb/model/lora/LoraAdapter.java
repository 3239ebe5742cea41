package sentemb.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.Dropouts;

/**
 * The low-rank update of one linear layer: {@code scale · B(A(dropout(x)))} with
 * {@code A: r × in} and {@code B: out × r} (PEFT's {@code lora_A} / {@code lora_B} weights).
 */
public final class LoraAdapter extends AbstractBlock {
    private final Parameter a;
    private final Parameter b;
    private final float scale;
    private final float dropout;
    private final int r;

    LoraAdapter(int r, float scale, float dropout) {
        this.r = r;
        this.scale = scale;
        this.dropout = dropout;
        this.a = addParameter(Parameter.builder().setName("lora_A").setType(Parameter.Type.WEIGHT).build());
        this.b = addParameter(Parameter.builder().setName("lora_B").setType(Parameter.Type.WEIGHT).build());
    }

    public Parameter a() {
        return a;
    }

    public Parameter b() {
        return b;
    }

    public float scale() {
        return scale;
    }

    public int rank() {
        return r;
    }

    /** Dropout on the adapter's input while training (0 = none). */
    public float dropout() {
        return dropout;
    }

    public NDArray forward(NDArray x, boolean training) {
        NDArray in = training && dropout > 0 ? Dropouts.apply(x, dropout) : x;
        NDArray low = Linear.linear(in, a.getArray()).singletonOrThrow();
        NDArray up = Linear.linear(low, b.getArray()).singletonOrThrow();
        return up.mul(sentemb.model.Scalars.of(up, scale));
    }

    /** {@code W + scale · B A}, the weight that computes the same as base + adapter. */
    public NDArray mergedWeight(NDArray baseWeight) {
        return baseWeight.add(b.getArray().matMul(a.getArray()).mul(scale));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("shape depends on the wrapped layer");
    }
}
