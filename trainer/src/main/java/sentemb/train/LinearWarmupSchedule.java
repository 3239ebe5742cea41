package sentemb.train;

/**
 * The learning-rate schedule of HF {@code get_linear_schedule_with_warmup}: a multiplier rising
 * linearly from 0 to 1 over the warmup, then falling linearly to 0 at {@code totalSteps}.
 *
 * <p>Reference (transformers/optimization.py, {@code _get_linear_schedule_with_warmup_lr_lambda}):
 * <pre>
 *   if current_step &lt; num_warmup_steps:
 *       return float(current_step) / float(max(1, num_warmup_steps))
 *   return max(0.0, float(num_training_steps - current_step) / float(max(1, num_training_steps - num_warmup_steps)))
 * </pre>
 * It is wrapped in {@code torch.optim.lr_scheduler.LambdaLR}, which sets
 * {@code lr = base_lr * lr_lambda(last_epoch)} with {@code last_epoch = 0} at construction, and
 * the HF Trainer calls {@code lr_scheduler.step()} right after each {@code optimizer.step()}.
 * So the optimizer step with 0-based index k runs with {@code lr(k) = base_lr * lambda(k)}: the
 * very first update uses lr 0 whenever there is a warmup, step {@code warmup} uses the full
 * base lr, and step {@code totalSteps} (if reached) uses 0. Pass
 * {@link AdamW#stepCount()} taken <em>before</em> the step to {@link #lr(long)}.
 */
public final class LinearWarmupSchedule {
    private final double baseLr;
    private final long warmupSteps;
    private final long totalSteps;

    /**
     * @param baseLr the peak learning rate (the reference: 5e-4)
     * @param warmupSteps number of warmup steps (the reference: 100)
     * @param totalSteps HF {@code num_training_steps} (the Trainer's {@code max_steps})
     */
    public LinearWarmupSchedule(double baseLr, long warmupSteps, long totalSteps) {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + baseLr);
        }
        if (warmupSteps < 0 || totalSteps < 0) {
            throw new IllegalArgumentException("warmup steps (" + warmupSteps + ") and total steps (" + totalSteps
                    + ") must be >= 0");
        }
        this.baseLr = baseLr;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
    }

    /** HF's {@code lr_lambda(step)}. */
    public double lambda(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("schedule step must be >= 0, got " + step);
        }
        if (step < warmupSteps) {
            return (double) step / (double) Math.max(1, warmupSteps);
        }
        return Math.max(0.0, (double) (totalSteps - step) / (double) Math.max(1, totalSteps - warmupSteps));
    }

    /** The learning rate of the optimizer step with 0-based index {@code optimizerStep}. */
    public double lr(long optimizerStep) {
        return baseLr * lambda(optimizerStep);
    }

    public double baseLr() {
        return baseLr;
    }

    public long warmupSteps() {
        return warmupSteps;
    }

    public long totalSteps() {
        return totalSteps;
    }
}
