package sentemb.model.opt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
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
 * OPT's multi-head self-attention ({@code q_proj, k_proj, v_proj, out_proj}; q scaled by
 * headDim^-½ before the product), over a left-padded batch or a {@link PackedBatch}; queries
 * can be restricted to the last position when only that output is needed.
 */
public final class OptAttention extends AbstractBlock {
    final LinearSlot qProj;
    final LinearSlot kProj;
    final LinearSlot vProj;
    final LinearSlot outProj;
    private final int heads;
    private final int headDim;
    private final float scaling;
    private final float attentionDropout;

    OptAttention(ParamRegistry reg, String prefix, OptConfig c) {
        int h = c.hiddenSize();
        qProj = addChildBlock("q_proj", new LinearSlot(reg, prefix + ".q_proj", h, h, c.enableBias()));
        kProj = addChildBlock("k_proj", new LinearSlot(reg, prefix + ".k_proj", h, h, c.enableBias()));
        vProj = addChildBlock("v_proj", new LinearSlot(reg, prefix + ".v_proj", h, h, c.enableBias()));
        outProj = addChildBlock("out_proj", new LinearSlot(reg, prefix + ".out_proj", h, h, c.enableBias()));
        heads = c.numHeads();
        headDim = c.headDim();
        scaling = (float) Math.pow(headDim, -0.5);
        attentionDropout = c.attentionDropout();
    }

    /** {@code B × T × hidden → B × heads × T × headDim}. */
    private NDArray splitHeads(NDArray x) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, headDim).transpose(0, 2, 1, 3);
    }

    /** Keys and values of {@code x}. */
    KeyValue keyValue(NDArray x, boolean training) {
        return new KeyValue(splitHeads(kProj.forward(x, training)), splitHeads(vProj.forward(x, training)));
    }

    /**
     * @param queryInput rows whose outputs are wanted ({@code B × Tq × hidden})
     * @param kv keys/values of every position ({@code B × heads × Tk × d})
     * @param allowed boolean {@code B × 1 × Tq × Tk}: which keys each query may see
     */
    NDArray forward(NDArray queryInput, KeyValue kv, NDArray allowed, boolean training) {
        Shape s = queryInput.getShape();
        NDArray qIn = qProj.forward(queryInput, training);
        NDArray q = splitHeads(qIn.mul(Scalars.of(qIn, scaling)));
        NDArray ctx = attend(q, kv.keys(), kv.values(), allowed, training)
                .transpose(0, 2, 1, 3).reshape(s.get(0), s.get(1), s.get(2));
        return outProj.forward(ctx, training);
    }

    /**
     * Attention over a {@link PackedBatch}: projections on the packed tokens, the products on
     * its rows.
     *
     * @param x packed layer input {@code N × hidden}
     * @param lastOnly outputs only for each sequence's last token ({@code B × hidden}), else {@code N × hidden}
     */
    NDArray forwardPacked(NDArray x, PackedBatch batch, boolean lastOnly, boolean training) {
        NDArray keys = batch.rows(kProj.forward(x, training), heads);
        NDArray values = batch.rows(vProj.forward(x, training), heads);
        NDArray qIn = qProj.forward(lastOnly ? batch.last(x) : x, training);
        qIn = qIn.mul(Scalars.of(qIn, scaling));
        int b = batch.batch();
        NDArray q = lastOnly ? qIn.reshape(b, 1, heads, headDim).transpose(0, 2, 1, 3) : batch.rows(qIn, heads);
        NDArray ctx = attend(q, keys, values, batch.allowed(lastOnly), training);
        ctx = lastOnly ? ctx.reshape(b, (long) heads * headDim) : batch.packed(ctx);
        return outProj.forward(ctx, training);
    }

    /** {@code softmax(q·kᵀ, allowed)·v} for queries already scaled: {@code B × heads × Tq × d}. */
    private NDArray attend(NDArray q, NDArray keys, NDArray values, NDArray allowed, boolean training) {
        NDArray scores = q.matMul(keys.transpose(0, 1, 3, 2));
        NDArray probs = MaskedSoftmax.probabilities(scores, allowed);
        if (training && attentionDropout > 0) {
            probs = Dropouts.apply(probs, attentionDropout);
        }
        return probs.matMul(values);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        return new NDList(forward(x, keyValue(x, training), inputs.get(1), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
