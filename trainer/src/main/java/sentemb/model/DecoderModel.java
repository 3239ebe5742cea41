package sentemb.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * The seam between a decoder family (OPT, LLaMA, ...) and the rest of the project: what
 * training, evaluation, checkpoints and export need from a model, and nothing else. A model
 * is a stack of decoder layers without LM head; its parameters live in its own manager on one
 * device, and every per-batch array attaches to the manager of the input ids.
 */
public interface DecoderModel extends AutoCloseable {

    /** The family that built this model (names, LoRA targets, export architecture). */
    DecoderFamily family();

    DecoderConfig config();

    NDManager manager();

    Device device();

    DataType dtype();

    /** Base parameters by canonical (Hugging Face, prefix-free) name. */
    ParamRegistry parameters();

    /** Every decoder layer's linear modules, layer by layer: where LoRA adapters can go. */
    List<LinearSlot> linearModules();

    /** Width of the returned hidden states. */
    int outputDim();

    /**
     * Last-layer hidden states {@code B × T × dim} of a left-padded batch, every position of
     * every layer; with {@code lastOnly}, {@code B × 1 × dim} of the last position only, which the
     * last layer then computes alone.
     */
    NDArray hidden(NDArray ids, NDArray mask, boolean lastOnly, boolean training);

    /**
     * Pooled sentence vectors {@code B × dim} of a left-padded batch: one forward over every
     * position (the last layer only where the pooling reads it), as Hugging Face computes it
     * (the reference the packed forward is tested against).
     *
     * @param ids {@code B × T} token ids (int64), left-padded
     * @param mask {@code B × T} 1 for real tokens, 0 for padding (int64)
     */
    NDArray embed(NDArray ids, NDArray mask, Pooling pooling, boolean training);

    /**
     * Pooled sentence vectors {@code B × dim} of a {@link PackedBatch}: the same vectors as
     * {@link #embed} of the batch left-padded (up to float rounding), from the real tokens only.
     */
    NDArray embedPacked(PackedBatch batch, Pooling pooling, boolean training);

    @Override
    void close();
}
