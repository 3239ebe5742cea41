package sentemb.bench;

import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;
import sentemb.model.TorchKernels;
import sentemb.model.opt.OptModel;
import sentemb.recipe.RecipeLoader;

/**
 * Which of sentemb's levers a training rig pulls, so the benchmark can turn them off one at a
 * time on the same libtorch and measure what each gains ({@code --sections levers}).
 *
 * @param packed one packed forward over the real tokens, the shared prefix once; else padded
 * @param prunedLastLayer the last layer only at the pooled token (the padded plan; packed always prunes)
 * @param workers the recipes' default {@code cpu-workers}; else one replica on every intra-op thread
 * @param adamwLoop AdamW as one Java pass ({@code AdamWLoop}); else op by op
 * @param sparseEmbedding sparse embedding gradients; else dense
 * @param seededDropout sentemb's dropout masks; else torch's
 */
record Levers(String name, boolean packed, boolean prunedLastLayer, boolean workers, boolean adamwLoop,
        boolean sparseEmbedding, boolean seededDropout) {
    /** What a user gets. */
    static final Levers ALL = new Levers("default", true, true, true, true, true, true);
    /** Every lever but packing: the padded forward (the benchmark's no-share variant). */
    static final Levers PADDED = new Levers("-packing", false, true, true, true, true, true);
    /** The recipes' default {@code cpu-workers}, read once. */
    private static final int DEFAULT_CPU_WORKERS = RecipeLoader.defaults().cpuWorkers();
    /** Hugging Face + PEFT's step, on our libtorch. */
    static final Levers NONE = new Levers("hf", false, false, false, false, false, false);

    /** Every lever but one, named {@code -<lever>}. */
    static java.util.List<Levers> eachOneOff() {
        return java.util.List.of(
                PADDED,
                new Levers("-workers", true, true, false, true, true, true),
                new Levers("-adamw-loop", true, true, true, false, true, true),
                new Levers("-sparse-embedding", true, true, true, true, false, true),
                new Levers("-seeded-dropout", true, true, true, true, true, false));
    }

    int cpuWorkers() {
        return workers ? DEFAULT_CPU_WORKERS : 1;
    }

    SequenceEmbedder embedder(OptModel model) {
        SequenceEmbedder e;
        if (packed) {
            e = SequenceEmbedder.packed(model, Pooling.LAST, true); // exactly what the trainer and the encoders construct
        } else if (prunedLastLayer) {
            e = SequenceEmbedder.padded(model, model.config().padTokenId(), Pooling.LAST);
        } else {
            e = SequenceEmbedder.huggingFace(model, model.config().padTokenId(), Pooling.LAST);
        }
        return e.withTorchKernels(new TorchKernels(!seededDropout, !sparseEmbedding));
    }
}
