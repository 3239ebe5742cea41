package sentemb.model.families;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import sentemb.model.DecoderConfig;
import sentemb.model.DecoderFamily;
import sentemb.model.DecoderModel;
import sentemb.model.ModelWeights;

/** Ways to get a {@link DecoderModel}: from a Hugging Face directory, or random from a seed. */
public final class DecoderModels {
    private DecoderModels() {}

    /** Loads {@code config.json} and the weights of a Hugging Face model directory. */
    public static DecoderModel load(Path dir, Device device, DataType dtype) throws IOException {
        return load(dir, device, dtype, UnaryOperator.identity());
    }

    /** Like {@link #load(Path, Device, DataType)}, with the config adjusted first (e.g. dropout). */
    public static DecoderModel load(Path dir, Device device, DataType dtype, UnaryOperator<DecoderConfig> adjust)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model directory " + dir + " does not exist");
        }
        DecoderConfig config = adjust.apply(DecoderFamilies.readConfig(dir));
        DecoderModel model = DecoderFamilies.of(config).create(config, device, dtype);
        try {
            ModelWeights.loadDirectory(model, dir);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Another model of {@code source}'s family, config, device and dtype whose parameters share
     * {@code source}'s storage: detached aliases, no copy, each its own autograd leaf (with its
     * own gradient). Workers that run at the same time on one device read the same weights this
     * way and accumulate separate gradients, which are summed in a fixed order.
     */
    public static DecoderModel sharingWeights(DecoderModel source) {
        DecoderModel model = source.family().create(source.config(), source.device(), source.dtype());
        for (var e : model.parameters().all().entrySet()) {
            e.getValue().setArray(alias(source.parameters().get(e.getKey()).getArray(), model.manager()));
        }
        return model;
    }

    /** {@code a}'s storage as a new array without its autograd history, owned by {@code owner}. */
    public static NDArray alias(NDArray a, NDManager owner) {
        NDArray view = a.stopGradient();
        view.attach(owner);
        return view;
    }

    /** A model initialised as Hugging Face initialises its family, from {@code seed}. */
    public static DecoderModel random(DecoderConfig config, long seed, Device device, DataType dtype) {
        DecoderFamily family = DecoderFamilies.of(config);
        DecoderModel model = family.create(config, device, dtype);
        ModelWeights.load(model, family.randomWeights(config, seed));
        return model;
    }
}
