package sentemb.bench;

import sentemb.model.ForwardCost;
import sentemb.model.opt.OptModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;

/**
 * How the Java side runs a batch. {@code no-share} is the Hugging Face way (one forward over
 * the batch padded to its longest; the same work as the PyTorch baseline on our libtorch, so
 * Java default / no-share isolates the work saved); {@code share} and {@code buckets} force
 * one lever each; {@code default} is what a user gets (both levers, each taken when the cost
 * model says it pays).
 */
enum EmbedVariant {
    NO_SHARE("no-share", false, false, false),
    SHARE("share", true, false, true),
    BUCKETS("buckets", false, true, false),
    DEFAULT("default", true, true, false);

    final String key;
    private final boolean share;
    private final boolean buckets;
    /** Overhead 0: share whenever there is a common prefix (bypasses the cost model's gate). */
    private final boolean forced;

    EmbedVariant(String key, boolean share, boolean buckets, boolean forced) {
        this.key = key;
        this.share = share;
        this.buckets = buckets;
        this.forced = forced;
    }

    SequenceEmbedder embedder(OptModel model) {
        if (this == DEFAULT) { // exactly what the trainer and the encoders construct
            return new SequenceEmbedder(model, model.config().padTokenId(), Pooling.LAST, true);
        }
        double overhead = forced ? 0 : ForwardCost.defaultOverheadTokens(model.config());
        return new SequenceEmbedder(model, model.config().padTokenId(), Pooling.LAST, share, buckets, overhead);
    }
}
