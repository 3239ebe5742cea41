package sentemb.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import sentemb.model.KeyValue;
import sentemb.model.LinearSlot;
import sentemb.model.ParamRegistry;
import sentemb.model.MaskedSoftmax;
import sentemb.model.PackedBatch;
import sentemb.model.Scalars;
import sentemb.model.Dropouts;

/**
 * Grouped-query self-attention with rotary positions ({@code q_proj, k_proj, v_proj, o_proj};
 * scores scaled by headDim^-½ after the product, as transformers does). Keys and values keep
 * {@code num_key_value_heads} heads; each is repeated
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
     * @param kv rotated keys/values of every position
     * @param allowed boolean {@code B × 1 × Tq × Tk}: which keys each query may see
     */
    NDArray forward(NDArray queryInput, NDArray cos, NDArray sin, KeyValue kv, NDArray allowed, boolean training) {
        Shape s = queryInput.getShape();
        NDArray q = RotaryEmbedding.apply(splitHeads(qProj.forward(queryInput, training), heads), cos, sin);
        NDArray ctx = attend(q, kv.keys(), kv.values(), allowed, training)
                .transpose(0, 2, 1, 3).reshape(s.get(0), s.get(1), heads * headDim);
        return oProj.forward(ctx, training);
    }

    /**
     * Attention over a {@link PackedBatch}: projections and rotations on the packed tokens, the
     * products on its rows.
     *
     * @param x packed layer input {@code N × hidden}
     * @param cos cos of the packed positions ({@code N × 1 × d}), and {@code sin} likewise
     * @param lastOnly outputs only for each sequence's last token ({@code B × hidden}), else {@code N × hidden}
     */
    NDArray forwardPacked(NDArray x, NDArray cos, NDArray sin, PackedBatch batch, boolean lastOnly, boolean training) {
        NDArray keys = batch.rows(rotated(kProj.forward(x, training), kvHeads, cos, sin), kvHeads);
        NDArray values = batch.rows(vProj.forward(x, training), kvHeads);
        NDArray q = lastOnly
                ? rotated(qProj.forward(batch.last(x), training), heads, batch.last(cos), batch.last(sin))
                : rotated(qProj.forward(x, training), heads, cos, sin);
        int b = batch.batch();
        NDArray q4 = lastOnly ? q.reshape(b, 1, heads, headDim).transpose(0, 2, 1, 3) : batch.rows(q, heads);
        NDArray ctx = attend(q4, keys, values, batch.allowed(lastOnly), training);
        ctx = lastOnly ? ctx.reshape(b, (long) heads * headDim) : batch.packed(ctx);
        return oProj.forward(ctx, training);
    }

    /** Rotary positions applied per head to packed projections {@code M × (n·d)}. */
    private NDArray rotated(NDArray x, int n, NDArray cos, NDArray sin) {
        long m = x.getShape().get(0);
        return RotaryEmbedding.apply(x.reshape(m, n, headDim), cos, sin).reshape(m, (long) n * headDim);
    }

    /** {@code softmax(q·kᵀ·scale, allowed)·v} with GQA's repeated kv heads: {@code B × heads × Tq × d}. */
    private NDArray attend(NDArray q, NDArray keys, NDArray values, NDArray allowed, boolean training) {
        NDArray raw = q.matMul(repeatKv(keys).transpose(0, 1, 3, 2));
        NDArray scores = raw.mul(Scalars.of(raw, scaling));
        NDArray probs = MaskedSoftmax.probabilities(scores, allowed);
        if (training && attentionDropout > 0) {
            probs = Dropouts.apply(probs, attentionDropout);
        }
        return probs.matMul(repeatKv(values));
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
