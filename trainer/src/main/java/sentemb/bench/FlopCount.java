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
        long h = c.hiddenSize();
        long f = c.ffnDim();
        double base = 0;
        double adapter = 0;
        double attention = 0;
        for (int layer = 0; layer < c.numLayers(); layer++) {
            long q = lastOnly && layer == c.numLayers() - 1 ? 1 : len;
            long kv = len;
            base += 2.0 * rows * (q * h * h + 2 * kv * h * h + q * h * h + q * h * f + q * f * h);
            attention += 4.0 * rows * q * (prefix + kv) * h;
            adapter += adapterFlops(rows, "q_proj", q, h, h) + adapterFlops(rows, "k_proj", kv, h, h)
                    + adapterFlops(rows, "v_proj", kv, h, h) + adapterFlops(rows, "out_proj", q, h, h)
                    + adapterFlops(rows, "fc1", q, h, f) + adapterFlops(rows, "fc2", q, f, h);
        }
        if (c.hasProjection()) {
            long w = c.wordEmbedProjDim();
            base += 2.0 * rows * len * w * h + 2.0 * rows * (lastOnly ? 1 : len) * h * w;
        }
        return new Flops(base, adapter, attention);
    }

    private double adapterFlops(long rows, String module, long tokens, long in, long out) {
        if (lora == null || !lora.targets().contains(module)) {
            return 0;
        }
        return 2.0 * rows * tokens * lora.r() * (in + out);
    }

    /**
     * Forward FLOPs of embedding one batch by {@code plan} (its shared prefix pass, then each
     * length group padded to its own longest).
     */
    Flops embedPlan(List<int[]> batch, SequenceEmbedder.Plan plan, boolean lastOnly) {
        int shared = plan.sharedPrefix();
        Flops total = shared == 0 ? Flops.ZERO : forward(1, shared, 0, false);
        for (int[] g : plan.groups()) {
            int longest = 0;
            for (int i : g) {
                longest = Math.max(longest, batch.get(i).length);
            }
            total = total.plus(forward(g.length, longest - shared, shared, lastOnly));
        }
        return total;
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
