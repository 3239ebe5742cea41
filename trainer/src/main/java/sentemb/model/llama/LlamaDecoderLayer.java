package sentemb.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import sentemb.model.KeyValue;
import sentemb.model.LinearSlot;
import sentemb.model.PackedBatch;
import sentemb.model.ParamRegistry;

/**
 * One LLaMA decoder layer: {@code h = x + attn(rms(x))}, then {@code h + down(silu(gate(rms(h))) · up(rms(h)))}.
 */
final class LlamaDecoderLayer extends AbstractBlock {
    final LlamaAttention selfAttn;
    final RmsNormLayer inputLayerNorm;
    final RmsNormLayer postAttentionLayerNorm;
    final LinearSlot gateProj;
    final LinearSlot upProj;
    final LinearSlot downProj;

    LlamaDecoderLayer(ParamRegistry reg, String prefix, LlamaConfig c) {
        selfAttn = addChildBlock("self_attn", new LlamaAttention(reg, prefix + ".self_attn", c));
        inputLayerNorm = addChildBlock("input_layernorm", new RmsNormLayer(reg, prefix + ".input_layernorm", c.rmsNormEps()));
        postAttentionLayerNorm = addChildBlock("post_attention_layernorm",
                new RmsNormLayer(reg, prefix + ".post_attention_layernorm", c.rmsNormEps()));
        int h = c.hiddenSize();
        int ff = c.intermediateSize();
        gateProj = addChildBlock("gate_proj", new LinearSlot(reg, prefix + ".mlp.gate_proj", h, ff, c.mlpBias()));
        upProj = addChildBlock("up_proj", new LinearSlot(reg, prefix + ".mlp.up_proj", h, ff, c.mlpBias()));
        downProj = addChildBlock("down_proj", new LinearSlot(reg, prefix + ".mlp.down_proj", ff, h, c.mlpBias()));
    }

    /** The attention projections and the MLP (LoRA's possible targets), in PEFT's order. */
    List<LinearSlot> linearModules() {
        return List.of(selfAttn.qProj, selfAttn.kProj, selfAttn.vProj, selfAttn.oProj, gateProj, upProj, downProj);
    }

    /**
     * @param x layer input {@code B × T × hidden}
     * @param cos rotary cos of the positions ({@code B × 1 × T × d}); {@code sin} likewise
     * @param allowed attention visibility {@code B × 1 × Tq × T}
     * @param lastOnly compute outputs only for the last position (Tq = 1)
     */
    NDArray forward(NDArray x, NDArray cos, NDArray sin, NDArray allowed, boolean lastOnly, boolean training) {
        NDArray attnIn = inputLayerNorm.forward(x);
        KeyValue kv = selfAttn.keyValue(attnIn, cos, sin, training);
        NDArray residual = lastOnly ? x.get(":, -1:, :") : x;
        NDArray queries = lastOnly ? attnIn.get(":, -1:, :") : attnIn;
        NDArray qCos = lastOnly ? cos.get(":, :, -1:, :") : cos;
        NDArray qSin = lastOnly ? sin.get(":, :, -1:, :") : sin;
        NDArray h = residual.add(selfAttn.forward(queries, qCos, qSin, kv, allowed, training));
        return mlp(h, training);
    }

    /**
     * The layer over a {@link PackedBatch}: {@code x} is {@code N × hidden}, {@code cos}/{@code sin}
     * {@code N × 1 × d}; the output is {@code N × hidden}, or {@code B × hidden} with {@code lastOnly}.
     */
    NDArray forwardPacked(NDArray x, NDArray cos, NDArray sin, PackedBatch batch, boolean lastOnly, boolean training) {
        NDArray attnIn = inputLayerNorm.forward(x);
        NDArray residual = lastOnly ? batch.last(x) : x;
        return mlp(residual.add(selfAttn.forwardPacked(attnIn, cos, sin, batch, lastOnly, training)), training);
    }

    /** {@code h + down(silu(gate(rms(h))) · up(rms(h)))}. */
    private NDArray mlp(NDArray h, boolean training) {
        NDArray ffIn = postAttentionLayerNorm.forward(h);
        NDArray gate = gateProj.forward(ffIn, training);
        NDArray silu = gate.mul(Activation.sigmoid(gate)); // SiLU
        NDArray ff = downProj.forward(silu.mul(upProj.forward(ffIn, training)), training);
        return h.add(ff);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("called through LlamaModel, which supplies positions");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
