package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import sentemb.model.DecoderModel;
import sentemb.model.EmbeddingLookup;
import sentemb.model.SequenceEmbedder;
import sentemb.model.LinearSlot;
import sentemb.model.lora.LoraLinear;

/**
 * One model copy on one device, with its trainable parameters in the master copy's order.
 * Several replicas may share a device (the CPU), which is how data parallelism is tested.
 */
public final class Replica implements AutoCloseable {
    private final int index;
    private final DecoderModel model;
    private final SequenceEmbedder embedder;
    private final List<String> names;
    private final List<NDArray> trainable;
    private final boolean randomForward;
    private final AtomicLong forwards = new AtomicLong();
    private final boolean sharesStorage;

    public Replica(int index, DecoderModel model, SequenceEmbedder embedder, Map<String, Parameter> trainableParams) {
        this(index, model, embedder, trainableParams, false);
    }

    /**
     * @param sharesStorage the trainable weights are aliases of an earlier replica's on the same
     *     device ({@link Replicas#worker}, full fine-tuning): updating that one updates this one
     */
    public Replica(int index, DecoderModel model, SequenceEmbedder embedder, Map<String, Parameter> trainableParams,
            boolean sharesStorage) {
        this.index = index;
        this.sharesStorage = sharesStorage;
        this.model = model;
        this.embedder = embedder;
        this.names = new ArrayList<>(trainableParams.keySet());
        this.trainable = new ArrayList<>();
        for (Parameter p : trainableParams.values()) {
            NDArray a = p.getArray();
            EmbeddingLookup.requireGradient(a); // dense .grad from the start (embedding gradients are sparse)
            trainable.add(a);
        }
        this.randomForward = model.config().dropout() > 0 || model.config().attentionDropout() > 0 || hasLoraDropout(model);
    }

    private static boolean hasLoraDropout(DecoderModel model) {
        for (LinearSlot slot : model.linearModules()) {
            if (slot.module() instanceof LoraLinear l && l.adapter().dropout() > 0) {
                return true;
            }
        }
        return false;
    }

    public int index() {
        return index;
    }

    /** Whether this replica's trainable weights are an earlier replica's storage (nothing to copy into them after a step). */
    public boolean sharesStorage() {
        return sharesStorage;
    }

    public DecoderModel model() {
        return model;
    }

    /** Whether a training forward draws random numbers (any dropout), so must be seeded to replay. */
    public boolean randomForward() {
        return randomForward;
    }

    /** The tokens of one forward on this replica's device (see {@link SequenceEmbedder#upload}). */
    public SequenceEmbedder.DeviceTokens upload(NDManager manager, List<int[]> sequences) {
        return embedder.upload(manager, sequences);
    }

    /** A training or inference forward of uploaded tokens; counted in {@link #forwards()}. */
    public NDArray embed(SequenceEmbedder.DeviceTokens tokens, boolean training) {
        forwards.incrementAndGet();
        return embedder.embed(tokens, training);
    }

    /** Forwards run through {@link #embed} so far (the data-parallel path runs one per step). */
    public long forwards() {
        return forwards.get();
    }

    public List<String> trainableNames() {
        return names;
    }

    /** Trainable arrays, in the same order on every replica. */
    public List<NDArray> trainable() {
        return trainable;
    }

    @Override
    public void close() {
        model.close();
    }
}
