package sentemb.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Dynamic loss scaling for fp16 compute (torch.cuda.amp.GradScaler's policy): gradients are
 * computed for {@code scale × loss}; a step whose unscaled gradients hold inf/NaN is skipped
 * and the scale halved; after {@code growthInterval} clean steps the scale doubles. In fp32
 * the scaler is disabled and always 1.
 */
public final class LossScaler {
    private final boolean enabled;
    private float scale;
    private int cleanSteps;
    private final int growthInterval;
    private long skipped;

    public LossScaler(boolean enabled, float initialScale, int growthInterval) {
        this.enabled = enabled;
        this.scale = enabled ? initialScale : 1f;
        this.growthInterval = growthInterval;
    }

    public static LossScaler disabled() {
        return new LossScaler(false, 1f, Integer.MAX_VALUE);
    }

    public static LossScaler fp16() {
        return new LossScaler(true, 65536f, 2000);
    }

    public float scale() {
        return scale;
    }

    public long skippedSteps() {
        return skipped;
    }

    /**
     * Checks the (already unscaled) gradients and updates the scale.
     *
     * @return true if the optimizer should step, false if this step must be skipped
     */
    public boolean update(List<NDArray> grads) {
        if (!enabled) {
            return true;
        }
        boolean finite = true;
        for (NDArray g : grads) {
            try (NDArray bad = g.isInfinite().logicalOr(g.isNaN()).any()) {
                if (bad.getBoolean()) {
                    finite = false;
                    break;
                }
            }
        }
        if (!finite) {
            scale /= 2f;
            cleanSteps = 0;
            skipped++;
            return false;
        }
        if (++cleanSteps >= growthInterval) {
            scale *= 2f;
            cleanSteps = 0;
        }
        return true;
    }

    /** State to checkpoint: scale, clean-step counter, skipped steps. */
    public double[] state() {
        return new double[] {scale, cleanSteps, skipped};
    }

    public void restore(double[] s) {
        if (enabled) {
            scale = (float) s[0];
            cleanSteps = (int) s[1];
            skipped = (long) s[2];
        }
    }
}
