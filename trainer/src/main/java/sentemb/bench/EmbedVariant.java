package sentemb.bench;

import sentemb.model.opt.OptModel;
import sentemb.model.SequenceEmbedder;

/**
 * How the Java side runs a batch, all on the same libtorch (so the ratios between them are the
 * work saved, whatever the BLAS):
 * <ul>
 *   <li>{@code hf}: the step as Hugging Face + PEFT runs it on torch: one forward over the batch
 *       padded to its longest, every position of every layer, torch's dropout, dense embedding
 *       gradients and the op-by-op AdamW ({@link SequenceEmbedder#huggingFace}, {@code
 *       AdamW.opByOp}): the same work as the PyTorch baseline;
 *   <li>{@code no-share}: the padded forward (the last layer only at the pooled position), with
 *       every other lever of the default: isolates what packing saves;
 *   <li>{@code default}: what a user gets: one packed forward over the real tokens, the shared
 *       prefix once ({@link SequenceEmbedder#packed}), sentemb's dropout masks, sparse embedding
 *       gradients and AdamW loop.
 * </ul>
 */
enum EmbedVariant {
    HF("hf"),
    NO_SHARE("no-share"),
    DEFAULT("default");

    final String key;

    EmbedVariant(String key) {
        this.key = key;
    }

    /** The levers this variant pulls. */
    Levers levers() {
        return switch (this) {
            case DEFAULT -> Levers.ALL;
            case NO_SHARE -> Levers.PADDED;
            case HF -> Levers.NONE;
        };
    }

    SequenceEmbedder embedder(OptModel model) {
        return levers().embedder(model);
    }
}
