package sentemb.bench;

import sentemb.model.opt.OptModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;

/**
 * How the Java side runs a batch. {@code no-share} is the Hugging Face way (one forward over
 * the batch padded to its longest; the same work as the PyTorch baseline on our libtorch, so
 * Java default / no-share isolates the work saved); {@code default} is what a user gets: one
 * packed forward over the real tokens, the shared prefix once ({@link SequenceEmbedder#packed}).
 */
enum EmbedVariant {
    NO_SHARE("no-share"),
    DEFAULT("default");

    final String key;

    EmbedVariant(String key) {
        this.key = key;
    }

    SequenceEmbedder embedder(OptModel model) {
        return this == DEFAULT
                ? SequenceEmbedder.packed(model, Pooling.LAST, true) // exactly what the trainer and the encoders construct
                : SequenceEmbedder.padded(model, model.config().padTokenId(), Pooling.LAST);
    }
}
