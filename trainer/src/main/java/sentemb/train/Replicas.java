package sentemb.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.model.families.DecoderModels;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;

/** The replicas a recipe trains: one model copy per device, built the same way on each, and the CPU's workers. */
public final class Replicas {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Replicas.class);

    private Replicas() {}

    /**
     * The embedder a replica trains with: packed, the template prefix shared, as inference
     * embeds ({@code batch.packed = true}); or the padded reference computation.
     */
    static SequenceEmbedder embedder(Recipe r, DecoderModel m, int padId) {
        return r.batch().packed()
                ? SequenceEmbedder.packed(m, r.representation().pooling(), true)
                : SequenceEmbedder.padded(m, padId, r.representation().pooling());
    }

    /**
     * One replica per device, and on the CPU {@code cpu-workers} of them sharing one copy of the
     * weights ({@link #worker}); trainable parameters in the same order on each.
     */
    public static List<Replica> build(Recipe r, int padId) throws IOException {
        if (r.fp16OnCpu()) {
            LOG.warn("precision = fp16 on the cpu: runs, but much slower than fp32 there; use it to debug fp16 numerics");
        }
        List<Replica> out = new ArrayList<>();
        DataType dtype = RecipeSetup.computeType(r);
        try {
            for (Device device : RecipeSetup.devices(r.devices())) {
                DecoderModel m = RecipeSetup.baseModel(r, device, dtype);
                Replica primary = new Replica(out.size(), m, embedder(r, m, padId), RecipeSetup.makeTrainable(r, m));
                out.add(primary);
                int workers = Device.Type.CPU.equals(device.getDeviceType()) ? r.cpuWorkers() : 1;
                for (int w = 1; w < workers; w++) {
                    out.add(worker(out.size(), primary, model -> RecipeSetup.makeTrainable(r, model),
                            model -> embedder(r, model, padId)));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(Replica::close);
            throw e;
        }
    }

    /**
     * A replica that shares {@code primary}'s base weights (aliases of its storage, no copy:
     * {@link DecoderModels#sharingWeights}), with gradients of its own: a worker that embeds and
     * back-propagates its share of the batch on its own thread while the primary does the same.
     * {@code makeTrainable} sets the model up as the primary was: in full fine-tuning the
     * trainable weights are the shared ones; LoRA adapters are the worker's own arrays, made
     * from the same seed (so equal to the primary's) and kept equal by {@link
     * MasterWeights#broadcast} after every step.
     */
    public static Replica worker(int index, Replica primary, Function<DecoderModel, Map<String, Parameter>> makeTrainable,
            Function<DecoderModel, SequenceEmbedder> embedder) {
        DecoderModel m = DecoderModels.sharingWeights(primary.model());
        try {
            Map<String, Parameter> trainable = makeTrainable.apply(m);
            if (!primary.trainableNames().equals(new ArrayList<>(trainable.keySet()))) {
                throw new IllegalStateException("worker " + index + " has trainable " + trainable.keySet()
                        + ", its primary " + primary.trainableNames());
            }
            boolean shared = m.parameters().all().keySet().containsAll(trainable.keySet());
            return new Replica(index, m, embedder.apply(m), trainable, shared);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }
}
