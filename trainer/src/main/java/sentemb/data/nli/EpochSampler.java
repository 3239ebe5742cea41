package sentemb.data.nli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Decides which rows go into which training batch, epoch after epoch.
 *
 * <p>Each epoch is a fresh shuffle: a Fisher–Yates permutation driven by a SplitMix64
 * generator seeded from (seed, epoch) alone, so any epoch can be rebuilt without replaying
 * earlier ones. The permutation is cut into batches of {@code batchSize}; the last,
 * partial batch is kept unless {@code dropLast}. This mirrors the reference's Hugging Face
 * Trainer, whose default {@code dataloader_drop_last=False} keeps it (the order itself
 * differs: torch's generator is not reproduced). With several replicas this sampler
 * produces the global batch; splitting it is the trainer's job.
 *
 * <p>Optionally ({@link Builder#noDuplicateTexts}) batches never hold the same text in two
 * rows; see {@link NoDuplicateTextBatchPlanner}. Batch sizes and counts stay the same.
 *
 * <p>Resuming: {@link #stream(BatchCursor, int)} starting from a saved {@link BatchCursor}
 * (or {@link #resume(SamplerState)}) yields exactly the batches an uninterrupted run
 * produces from that point. The batches of the current epoch are cached; methods are
 * synchronized.
 */
public final class EpochSampler {
    private final int size;
    private final int batchSize;
    private final long seed;
    private final boolean dropLast;
    private final long fingerprint;
    private final BatchPlanner planner;
    private final boolean noDuplicateTexts;
    private final int[] sizes;
    private int cachedEpoch = -1;
    private int[][] cachedBatches;

    private EpochSampler(Builder b) {
        if (b.batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + b.batchSize);
        }
        if (b.size < 1) {
            throw new IllegalArgumentException("dataset size must be >= 1, got " + b.size);
        }
        this.size = b.size;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.fingerprint = b.data == null ? 0L : b.data.fingerprint();
        int steps = dropLast ? size / batchSize : (size + batchSize - 1) / batchSize;
        if (steps == 0) {
            throw new IllegalArgumentException("with dropLast, " + size + " rows make no full batch of " + batchSize);
        }
        sizes = new int[steps];
        Arrays.fill(sizes, batchSize);
        if (!dropLast && size % batchSize != 0) {
            sizes[steps - 1] = size % batchSize;
        }
        this.noDuplicateTexts = b.noDuplicateTexts;
        if (noDuplicateTexts) {
            if (b.data == null) {
                throw new IllegalArgumentException("no-duplicate batching needs the dataset's texts: use builder(NliDataset)");
            }
            NoDuplicateTextBatchPlanner p = new NoDuplicateTextBatchPlanner(b.data);
            if (!dropLast) {
                p.requireFeasible(steps);
            }
            planner = p;
        } else {
            planner = new ConsecutiveBatchPlanner();
        }
    }

    /** A sampler over row indices 0..size-1 (no-duplicate batching unavailable). */
    public static Builder builder(int size) {
        return new Builder(size, null);
    }

    /** A sampler over the rows of {@code data}; its fingerprint goes into saved states. */
    public static Builder builder(NliDataset data) {
        return new Builder(data.size(), data);
    }

    public int size() {
        return size;
    }

    public int batchSize() {
        return batchSize;
    }

    public long seed() {
        return seed;
    }

    public boolean dropLast() {
        return dropLast;
    }

    public boolean noDuplicateTexts() {
        return noDuplicateTexts;
    }

    /** Batches per epoch: ceil(size / batchSize), or floor with dropLast. */
    public int stepsPerEpoch() {
        return sizes.length;
    }

    /** Batches in {@code epochs} epochs. */
    public long totalSteps(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        return (long) epochs * sizes.length;
    }

    /** The shuffled row order of an epoch (a function of seed and epoch only). */
    public int[] permutation(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return SplitMix64.permutation(size, seed, epoch);
    }

    /** The row indices of the batch at {@code cursor}. */
    public synchronized int[] batch(BatchCursor cursor) {
        if (cursor.step() >= sizes.length) {
            throw new IllegalArgumentException("cursor " + cursor + " is past the end of the epoch ("
                    + sizes.length + " steps per epoch)");
        }
        return epochBatches(cursor.epoch())[cursor.step()].clone();
    }

    /** All batches of an epoch, in order (fresh arrays). */
    public synchronized int[][] batchesOfEpoch(int epoch) {
        int[][] batches = epochBatches(epoch);
        int[][] copy = new int[batches.length][];
        for (int k = 0; k < batches.length; k++) {
            copy[k] = batches[k].clone();
        }
        return copy;
    }

    /** The position after {@code cursor}. */
    public BatchCursor next(BatchCursor cursor) {
        return cursor.step() + 1 < sizes.length
                ? new BatchCursor(cursor.epoch(), cursor.step() + 1)
                : new BatchCursor(cursor.epoch() + 1, 0);
    }

    /**
     * Batches from {@code from} up to the end of epoch {@code epochs - 1}. The stream's
     * {@link BatchStream#position()} is the cursor to save in a checkpoint.
     */
    public BatchStream stream(BatchCursor from, int epochs) {
        if (from.step() >= sizes.length) {
            throw new IllegalArgumentException("cursor " + from + " is past the end of the epoch ("
                    + sizes.length + " steps per epoch)");
        }
        return new BatchStream(from, epochs);
    }

    /** The state to save in a checkpoint when {@code next} is the next batch to train on. */
    public SamplerState state(BatchCursor next) {
        return new SamplerState(size, fingerprint, batchSize, seed, dropLast, noDuplicateTexts, next.epoch(), next.step());
    }

    /**
     * Checks that a saved state was made by a sampler configured like this one (same data,
     * batch size, seed, drop-last and no-duplicate settings) and returns its cursor.
     *
     * @throws IllegalArgumentException naming every field that differs
     */
    public BatchCursor resume(SamplerState saved) {
        SamplerState mine = state(saved.cursor());
        if (!mine.equals(saved)) {
            StringBuilder diff = new StringBuilder();
            diffField(diff, "datasetSize", saved.datasetSize(), mine.datasetSize());
            diffField(diff, "datasetFingerprint", saved.datasetFingerprint(), mine.datasetFingerprint());
            diffField(diff, "batchSize", saved.batchSize(), mine.batchSize());
            diffField(diff, "seed", saved.seed(), mine.seed());
            diffField(diff, "dropLast", saved.dropLast(), mine.dropLast());
            diffField(diff, "noDuplicateTexts", saved.noDuplicateTexts(), mine.noDuplicateTexts());
            throw new IllegalArgumentException("saved sampler state does not match this sampler, the batches would differ:"
                    + diff);
        }
        if (saved.step() >= sizes.length) {
            throw new IllegalArgumentException("saved cursor " + saved.cursor() + " is past the end of the epoch ("
                    + sizes.length + " steps per epoch)");
        }
        return saved.cursor();
    }

    private static void diffField(StringBuilder sb, String name, Object saved, Object mine) {
        if (!saved.equals(mine)) {
            sb.append(' ').append(name).append(" saved=").append(saved).append(" now=").append(mine).append(';');
        }
    }

    private int[][] epochBatches(int epoch) {
        if (epoch != cachedEpoch) {
            cachedBatches = planner.plan(permutation(epoch), sizes);
            cachedEpoch = epoch;
        }
        return cachedBatches;
    }

    /** Iterates batches; {@link #position()} is the cursor of the batch {@link #next()} returns. */
    public final class BatchStream implements Iterator<Batch> {
        private BatchCursor position;
        private final int epochs;

        private BatchStream(BatchCursor from, int epochs) {
            this.position = from;
            this.epochs = epochs;
        }

        /** The cursor of the next batch: save this after training on the previous one. */
        public BatchCursor position() {
            return position;
        }

        @Override
        public boolean hasNext() {
            return position.epoch() < epochs;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("all " + epochs + " epochs done");
            }
            Batch b = new Batch(position, batch(position));
            position = EpochSampler.this.next(position);
            return b;
        }
    }

    /** Settings of an {@link EpochSampler}. Defaults: batch 256, seed 42, keep last batch. */
    public static final class Builder {
        private final int size;
        private final NliDataset data;
        private int batchSize = 256;
        private long seed = 42;
        private boolean dropLast;
        private boolean noDuplicateTexts;

        private Builder(int size, NliDataset data) {
            this.size = size;
            this.data = data;
        }

        /** Rows per (global) batch; the reference uses 256. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Shuffle seed; the reference uses 42. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Drop the last partial batch of each epoch (HF default: false). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Keep any text from appearing in two rows of one batch. */
        public Builder noDuplicateTexts(boolean noDuplicateTexts) {
            this.noDuplicateTexts = noDuplicateTexts;
            return this;
        }

        public EpochSampler build() {
            return new EpochSampler(this);
        }
    }
}
