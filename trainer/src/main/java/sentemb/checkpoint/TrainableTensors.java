package sentemb.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import sentemb.model.weights.HostTensor;

/**
 * The one way a checkpoint's trainable tensors go back into a model: resume (into the
 * master weights) and export (into a freshly built model) both copy through here, so they
 * check names, shapes and count alike.
 */
public final class TrainableTensors {
    private TrainableTensors() {}

    /**
     * Copies {@code ck}'s trainable tensors into {@code targets} (canonical name to the array
     * that holds the value; copies are made without recording gradients). Missing, mis-shaped
     * or surplus tensors: an error naming the checkpoint and the tensor, before anything is copied.
     */
    public static void copyInto(TrainingCheckpoint ck, Map<String, NDArray> targets) {
        for (var e : targets.entrySet()) {
            HostTensor t = ck.trainable().get(e.getKey());
            Shape want = e.getValue().getShape();
            if (t == null || !new Shape(t.shape()).equals(want)) {
                throw new IllegalArgumentException("checkpoint " + ck.dir() + " does not fit this recipe: trainable tensor '"
                        + e.getKey() + "' is " + (t == null ? "missing" : "shaped " + t.shapeString()) + ", the model expects " + want);
            }
        }
        if (ck.trainable().size() != targets.size()) {
            throw new IllegalArgumentException("checkpoint " + ck.dir() + " holds " + ck.trainable().size()
                    + " trainable tensors, this recipe trains " + targets.size());
        }
        for (var e : targets.entrySet()) {
            HostTensor t = ck.trainable().get(e.getKey());
            NDArray dst = e.getValue();
            try (NDArray src = dst.getManager().create(t.data(), dst.getShape()); NDArray view = dst.stopGradient()) {
                view.set(new NDIndex("..."), src);
            }
        }
    }
}
