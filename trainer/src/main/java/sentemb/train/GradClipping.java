package sentemb.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Clipping by the global L2 norm of all gradients, as {@code torch.nn.utils.clip_grad_norm_}
 * (torch 1.13, norm_type 2):
 * <pre>
 *   total_norm = torch.norm(torch.stack([torch.norm(g.detach(), 2.0) for g in grads]), 2.0)
 *   clip_coef = max_norm / (total_norm + 1e-6)
 *   clip_coef_clamped = torch.clamp(clip_coef, max=1.0)
 *   for g in grads: g.detach().mul_(clip_coef_clamped)
 * </pre>
 * Gradients are scaled in place only when {@code clip_coef < 1} (multiplying by the clamped 1.0
 * changes nothing). The HF Trainer clips with {@code max_grad_norm} = {@value #HF_DEFAULT_MAX_GRAD_NORM}
 * by default, after unscaling and before {@code optimizer.step()}; the reference keeps that default.
 *
 * <p>A non-finite total norm (NaN/Inf gradients) leaves the gradients untouched here (torch would
 * multiply them by NaN or 0); the norm is returned so the caller can stop or skip the step.
 */
public final class GradClipping {
    /** HF {@code TrainingArguments.max_grad_norm} default. */
    public static final double HF_DEFAULT_MAX_GRAD_NORM = 1.0;

    private GradClipping() {}

    /** The global L2 norm of the gradients (each computed in float32 on its device). */
    public static float globalNorm(List<NDArray> grads) {
        if (grads.isEmpty()) {
            return 0f;
        }
        NDList norms = new NDList(grads.size());
        try {
            for (NDArray g : grads) {
                norms.add(g.norm());
            }
            // one transfer for all norms, not one per tensor
            try (NDArray stacked = NDArrays.stack(norms); NDArray total = stacked.norm()) {
                return total.getFloat();
            }
        } finally {
            norms.close();
        }
    }

    /**
     * Scales {@code grads} in place so that their global norm is at most {@code maxNorm}.
     *
     * @return the global norm before clipping
     */
    public static float clip(List<NDArray> grads, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max gradient norm must be finite and > 0, got " + maxNorm);
        }
        float total = globalNorm(grads);
        float coef = coefficient(total, maxNorm);
        if (coef != 1f) {
            // one scalar tensor per device for all gradients: g.muli(float) would make one per gradient
            Map<Device, NDArray> scalars = new HashMap<>();
            try {
                for (NDArray g : grads) {
                    g.muli(scalars.computeIfAbsent(g.getDevice(), d -> g.getManager().create(coef)));
                }
            } finally {
                scalars.values().forEach(NDArray::close);
            }
        }
        return total;
    }

    /**
     * What {@link #clip} multiplies the gradients by for a global norm {@code total}: torch's
     * {@code clip_coef} when it is below 1, else exactly 1 (also for a non-finite norm, which
     * leaves the gradients untouched). For {@link AdamW#step(double, List, float)}, which applies
     * it with fewer engine calls than scaling each gradient.
     */
    public static float coefficient(float total, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("max gradient norm must be finite and > 0, got " + maxNorm);
        }
        // float arithmetic in torch's order: max_norm / t is evaluated as reciprocal(t) * max_norm
        float coef = (1f / (total + 1e-6f)) * (float) maxNorm;
        return Float.isFinite(total) && coef < 1f ? coef : 1f;
    }

    /** {@link #clip(List, double)} on the accumulated gradients of {@code params}. */
    public static float clipParams(List<TrainableParam> params, double maxNorm) {
        List<NDArray> grads = new ArrayList<>(params.size());
        try {
            for (TrainableParam p : params) {
                grads.add(p.gradient());
            }
            return clip(grads, maxNorm);
        } finally {
            for (NDArray g : grads) {
                g.close();
            }
        }
    }
}
