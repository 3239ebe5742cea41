package sentemb.bench;

import java.util.List;
import sentemb.model.opt.OptConfig;
import sentemb.model.SequenceEmbedder;
import sentemb.model.lora.LoraConfig;

/**
 * Floating-point operations an OPT pass executes, counted analytically (a multiply-add is 2
 * FLOPs), padding included because padded positions are computed too. Counted: the linear
 * layers ({@code 2 · tokens · in · out}: q, k, v, out_proj, fc1, fc2, project_in/out), LoRA
 * adapters ({@code 2 · tokens · r · (in + out)} per target) and the two attention products
 * ({@code 4 · queries · keys · hidden} per layer). Not counted: embedding look-ups, layer
 * norms, softmax, masks, residual adds (all memory-bound, a few percent of the total).
 */
final class FlopCount {

    /** FLOPs split by kind, because a backward pass costs each kind differently. */
    record Flops(double baseLinear, double adapter, double attention) {
        static final Flops ZERO = new Flops(0, 0, 0);

        double total() {
            return baseLinear + adapter + attention;
        }

        Flops plus(Flops o) {
            return new Flops(baseLinear + o.baseLinear, adapter + o.adapter, attention + o.attention);
        }

        Flops times(double k) {
            return new Flops(baseLinear * k, adapter * k, attention * k);
        }
    }

    private final OptConfig c;
    private final LoraConfig lora;

    /** @param lora the adapters in the model, or null */
    FlopCount(OptConfig config, LoraConfig lora) {
        this.c = config;
        this.lora = lora;
    }

    /**
     * One pass over {@code rows × len} positions that continue a cached prefix of {@code prefix}
     * positions; with {@code lastOnly} the last layer computes queries, out_proj, FFN (and
     * project_out) for the last position only, keys/values for all.
     */
    Flops forward(long rows, long len, long prefix, boolean lastOnly) {
        long lastQueries = lastOnly ? 1 : len;
        double attention = 4.0 * rows * len * (prefix + len) * c.hiddenSize();
        double lastAttention = 4.0 * rows * lastQueries * (prefix + len) * c.hiddenSize();
        return count(rows * len, rows * lastQueries, attention, lastAttention);
    }

    /**
     * One packed pass ({@link sentemb.model.PackedBatch}): the token-wise layers on its
     * {@code tokens}, the attention products on {@code rows × width} row slots.
     */
    Flops packed(long tokens, long rows, long width, boolean lastOnly) {
        double attention = 4.0 * rows * width * width * c.hiddenSize();
        double lastAttention = lastOnly ? 4.0 * rows * width * c.hiddenSize() : attention;
        return count(tokens, lastOnly ? rows : tokens, attention, lastAttention);
    }

    /**
     * Every layer's q/k/v/out and FFN matmuls (and adapters) on {@code tokens} positions, except
     * that the last layer computes queries, out_proj and FFN (and project_out) for
     * {@code lastQueries} only; plus the given attention-product FLOPs per layer.
     */
    private Flops count(long tokens, long lastQueries, double attentionPerLayer, double lastLayerAttention) {
        long h = c.hiddenSize();
        long f = c.ffnDim();
        double base = 0;
        double adapter = 0;
        double attention = 0;
        for (int layer = 0; layer < c.numLayers(); layer++) {
            boolean last = layer == c.numLayers() - 1;
            long q = last ? lastQueries : tokens;
            long kv = tokens;
            base += 2.0 * (q * h * h + 2 * kv * h * h + q * h * h + q * h * f + q * f * h);
            attention += last ? lastLayerAttention : attentionPerLayer;
            adapter += adapterFlops(q, "q_proj", h, h) + adapterFlops(kv, "k_proj", h, h)
                    + adapterFlops(kv, "v_proj", h, h) + adapterFlops(q, "out_proj", h, h)
                    + adapterFlops(q, "fc1", h, f) + adapterFlops(q, "fc2", f, h);
        }
        if (c.hasProjection()) {
            long w = c.wordEmbedProjDim();
            base += 2.0 * tokens * w * h + 2.0 * lastQueries * h * w;
        }
        return new Flops(base, adapter, attention);
    }

    private double adapterFlops(long tokens, String module, long in, long out) {
        if (lora == null || !lora.targets().contains(module)) {
            return 0;
        }
        return 2.0 * tokens * lora.r() * (in + out);
    }

    /** Forward FLOPs of embedding one batch by {@code plan}: one packed pass, or one pass over the padded batch. */
    Flops embedPlan(List<int[]> batch, SequenceEmbedder.Plan plan, boolean lastOnly) {
        int width = batch.stream().mapToInt(s -> s.length).max().orElse(0);
        return plan.packed()
                ? packed(plan.paddedTokens(batch), batch.size(), width, lastOnly)
                : forward(batch.size(), width, 0, lastOnly);
    }

    /**
     * FLOPs of forward + backward given the forward's. Full fine-tuning: backward is twice the
     * forward (gradients of activations and of weights), 3× in all. LoRA: the frozen base
     * weights need no weight gradient, so their matmuls cost 2× (forward + input gradient);
     * adapters and attention products 3×.
     */
    static double training(Flops forward, boolean lora) {
        if (!lora) {
            return 3 * forward.total();
        }
        return 2 * forward.baseLinear() + 3 * (forward.adapter() + forward.attention());
    }
}
