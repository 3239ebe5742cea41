package sentemb.data.nli;

/**
 * What a checkpoint stores about the data order: the sampler's configuration (so a
 * resume with a different batch size, seed or data is refused instead of silently
 * producing other batches) and the cursor of the next batch. A plain record of numbers
 * and booleans, easy to write as JSON.
 */
public record SamplerState(
        int datasetSize,
        long datasetFingerprint,
        int batchSize,
        long seed,
        boolean dropLast,
        boolean noDuplicateTexts,
        int epoch,
        int step) {

    /** The cursor of the next batch. */
    public BatchCursor cursor() {
        return new BatchCursor(epoch, step);
    }
}
