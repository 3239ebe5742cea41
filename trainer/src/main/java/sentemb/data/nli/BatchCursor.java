package sentemb.data.nli;

/**
 * A position in the batch sequence: the epoch (0-based) and the step within it (0-based)
 * of the next batch to be produced. Saving it after a step and handing it back to
 * {@link EpochSampler#stream} on resume yields exactly the batches an uninterrupted run
 * would have seen.
 */
public record BatchCursor(int epoch, int step) {
    /** The first batch of the first epoch. */
    public static final BatchCursor START = new BatchCursor(0, 0);

    public BatchCursor {
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("cursor epoch and step must be >= 0, got epoch=" + epoch
                    + " step=" + step);
        }
    }

    /** The number of batches before this position, given the steps per epoch. */
    public long globalStep(int stepsPerEpoch) {
        return (long) epoch * stepsPerEpoch + step;
    }

    /** The cursor {@code globalStep} batches after the start. */
    public static BatchCursor ofGlobalStep(long globalStep, int stepsPerEpoch) {
        if (globalStep < 0) {
            throw new IllegalArgumentException("global step must be >= 0, got " + globalStep);
        }
        return new BatchCursor(Math.toIntExact(globalStep / stepsPerEpoch), (int) (globalStep % stepsPerEpoch));
    }

    @Override
    public String toString() {
        return "epoch " + epoch + " step " + step;
    }
}
