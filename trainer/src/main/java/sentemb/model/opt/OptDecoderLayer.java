package sentemb.model.opt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.KeyValue;
import sentemb.model.LinearSlot;
import sentemb.model.PackedBatch;
import sentemb.model.ParamRegistry;
import sentemb.model.Dropouts;

/**
 * One OPT decoder layer: self-attention then ReLU FFN, each with a residual and dropout
 * (training only), layer norms before (pre-LN) or after (post-LN, opt-350m) each block.
 */
public final class OptDecoderLayer extends AbstractBlock {
    final OptAttention selfAttn;
    final LayerNormLayer selfAttnLayerNorm;
    final LinearSlot fc1;
    final LinearSlot fc2;
    final LayerNormLayer finalLayerNorm;
    private final boolean preLn;
    private final float dropout;

    OptDecoderLayer(ParamRegistry reg, String prefix, OptConfig c) {
        selfAttn = addChildBlock("self_attn", new OptAttention(reg, prefix + ".self_attn", c));
        selfAttnLayerNorm = addChildBlock("self_attn_layer_norm",
                new LayerNormLayer(reg, prefix + ".self_attn_layer_norm", c.hiddenSize(), c.layerNormElementwiseAffine()));
        fc1 = addChildBlock("fc1", new LinearSlot(reg, prefix + ".fc1", c.hiddenSize(), c.ffnDim(), c.enableBias()));
        fc2 = addChildBlock("fc2", new LinearSlot(reg, prefix + ".fc2", c.ffnDim(), c.hiddenSize(), c.enableBias()));
        finalLayerNorm = addChildBlock("final_layer_norm",
                new LayerNormLayer(reg, prefix + ".final_layer_norm", c.hiddenSize(), c.layerNormElementwiseAffine()));
        preLn = c.doLayerNormBefore();
        dropout = c.dropout();
    }

    /** q, k, v, out projections and the two FFN layers (LoRA's possible targets). */
    public java.util.List<LinearSlot> linearModules() {
        return java.util.List.of(selfAttn.qProj, selfAttn.kProj, selfAttn.vProj, selfAttn.outProj, fc1, fc2);
    }

    private NDArray drop(NDArray x, boolean training) {
        return training && dropout > 0 ? Dropouts.apply(x, dropout) : x;
    }

    /**
     * @param x layer input {@code B × T × hidden}
     * @param allowed attention visibility {@code B × 1 × Tq × T}
     * @param lastOnly compute outputs only for the last position (Tq = 1)
     */
    NDArray forward(NDArray x, NDArray allowed, boolean lastOnly, boolean training) {
        NDArray attnIn = preLn ? selfAttnLayerNorm.forward(x) : x;
        KeyValue kv = selfAttn.keyValue(attnIn, training);
        NDArray residual = lastOnly ? x.get(":, -1:, :") : x;
        NDArray queries = lastOnly ? attnIn.get(":, -1:, :") : attnIn;
        NDArray h = residual.add(drop(selfAttn.forward(queries, kv, allowed, training), training));
        return feedForward(h, training);
    }

    /**
     * The layer over a {@link PackedBatch}: {@code x} is {@code N × hidden}; the output is
     * {@code N × hidden}, or {@code B × hidden} (each sequence's last token) with {@code lastOnly}.
     */
    NDArray forwardPacked(NDArray x, PackedBatch batch, boolean lastOnly, boolean training) {
        NDArray attnIn = preLn ? selfAttnLayerNorm.forward(x) : x;
        NDArray residual = lastOnly ? batch.last(x) : x;
        NDArray h = residual.add(drop(selfAttn.forwardPacked(attnIn, batch, lastOnly, training), training));
        return feedForward(h, training);
    }

    /** What follows the attention's residual: (post-LN,) the FFN block with its residual (, post-LN). */
    private NDArray feedForward(NDArray h, boolean training) {
        if (!preLn) {
            h = selfAttnLayerNorm.forward(h);
        }
        NDArray ffIn = preLn ? finalLayerNorm.forward(h) : h;
        NDArray ff = fc2.forward(Activation.relu(fc1.forward(ffIn, training)), training);
        h = h.add(drop(ff, training));
        if (!preLn) {
            h = finalLayerNorm.forward(h);
        }
        return h;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward(inputs.get(0), inputs.get(1), false, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
