package sentemb.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;

/** The replicas a recipe trains: one model copy per device, built the same way on each. */
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

    /** One replica per device, trainable parameters in the same order on each. */
    public static List<Replica> build(Recipe r, int padId) throws IOException {
        if (r.fp16OnCpu()) {
            LOG.warn("precision = fp16 on the cpu: runs, but much slower than fp32 there; use it to debug fp16 numerics");
        }
        List<Replica> out = new ArrayList<>();
        DataType dtype = RecipeSetup.computeType(r);
        try {
            List<Device> devices = RecipeSetup.devices(r.devices());
            for (int i = 0; i < devices.size(); i++) {
                DecoderModel m = RecipeSetup.baseModel(r, devices.get(i), dtype);
                Map<String, Parameter> trainable = RecipeSetup.makeTrainable(r, m);
                out.add(new Replica(i, m, embedder(r, m, padId), trainable));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.forEach(Replica::close);
            throw e;
        }
    }
}
