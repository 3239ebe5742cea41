package sentemb.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.KeyValue;
import sentemb.model.LinearSlot;
import sentemb.model.ParamRegistry;
import sentemb.model.MaskedSoftmax;
import sentemb.model.Scalars;

/**
 * Grouped-query self-attention with rotary positions ({@code q_proj, k_proj, v_proj, o_proj};
 * scores scaled by headDim^-½ after the product, as transformers does). Keys and values keep
 * {@code num_key_value_heads} heads (that is what a prefix cache stores); each is repeated
 * over {@code heads / kvHeads} query heads right before the product ({@code repeat_kv}).
 */
final class LlamaAttention extends AbstractBlock {
    final LinearSlot qProj;
    final LinearSlot kProj;
    final LinearSlot vProj;
    final LinearSlot oProj;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scaling;
    private final float attentionDropout;

    LlamaAttention(ParamRegistry reg, String prefix, LlamaConfig c) {
        int h = c.hiddenSize();
        heads = c.numHeads();
        kvHeads = c.numKeyValueHeads();
        headDim = c.headDim();
        qProj = addChildBlock("q_proj", new LinearSlot(reg, prefix + ".q_proj", h, heads * headDim, c.qkvBias()));
        kProj = addChildBlock("k_proj", new LinearSlot(reg, prefix + ".k_proj", h, kvHeads * headDim, c.qkvBias()));
        vProj = addChildBlock("v_proj", new LinearSlot(reg, prefix + ".v_proj", h, kvHeads * headDim, c.qkvBias()));
        oProj = addChildBlock("o_proj", new LinearSlot(reg, prefix + ".o_proj", heads * headDim, h, c.outputBias()));
        scaling = (float) Math.pow(headDim, -0.5);
        attentionDropout = c.attentionDropout();
    }

    /** {@code B × T × (n·headDim) → B × n × T × headDim}. */
    private NDArray splitHeads(NDArray x, int n) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), n, headDim).transpose(0, 2, 1, 3);
    }

    /** Rotated keys and values of {@code x} ({@code B × kvHeads × T × headDim}). */
    KeyValue keyValue(NDArray x, NDArray cos, NDArray sin, boolean training) {
        NDArray k = RotaryEmbedding.apply(splitHeads(kProj.forward(x, training), kvHeads), cos, sin);
        return new KeyValue(k, splitHeads(vProj.forward(x, training), kvHeads));
    }

    /** {@code B × kvHeads × T × d → B × heads × T × d}: kv head j serves query heads j·rep … j·rep + rep − 1. */
    private NDArray repeatKv(NDArray x) {
        int rep = heads / kvHeads;
        if (rep == 1) {
            return x;
        }
        Shape s = x.getShape();
        return x.expandDims(2).broadcast(new Shape(s.get(0), kvHeads, rep, s.get(2), s.get(3)))
                .reshape(s.get(0), heads, s.get(2), s.get(3));
    }

    /**
     * @param queryInput rows whose outputs are wanted ({@code B × Tq × hidden})
     * @param cos cos of the query positions ({@code B × 1 × Tq × d}), and {@code sin} likewise
     * @param kv rotated keys/values of every visible position, prefix included
     * @param allowed boolean {@code B × 1 × Tq × Tk}: which keys each query may see
     */
    NDArray forward(NDArray queryInput, NDArray cos, NDArray sin, KeyValue kv, NDArray allowed, boolean training) {
        Shape s = queryInput.getShape();
        NDArray q = RotaryEmbedding.apply(splitHeads(qProj.forward(queryInput, training), heads), cos, sin);
        NDArray raw = q.matMul(repeatKv(kv.keys()).transpose(0, 1, 3, 2));
        NDArray scores = raw.mul(Scalars.of(raw, scaling));
        NDArray probs = MaskedSoftmax.probabilities(scores, allowed);
        if (training && attentionDropout > 0) {
            probs = Dropout.dropout(probs, attentionDropout, true).singletonOrThrow();
        }
        NDArray ctx = probs.matMul(repeatKv(kv.values())).transpose(0, 2, 1, 3).reshape(s.get(0), s.get(1), heads * headDim);
        return oProj.forward(ctx, training);
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
