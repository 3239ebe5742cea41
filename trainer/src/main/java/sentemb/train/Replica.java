package sentemb.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;

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

    public Replica(int index, DecoderModel model, SequenceEmbedder embedder, Map<String, Parameter> trainableParams) {
        this.index = index;
        this.model = model;
        this.embedder = embedder;
        this.names = new ArrayList<>(trainableParams.keySet());
        this.trainable = new ArrayList<>();
        for (Parameter p : trainableParams.values()) {
            NDArray a = p.getArray();
            a.setRequiresGradient(true);
            trainable.add(a);
        }
    }

    public int index() {
        return index;
    }

    public DecoderModel model() {
        return model;
    }

    public SequenceEmbedder embedder() {
        return embedder;
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
