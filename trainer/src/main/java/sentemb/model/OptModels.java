package sentemb.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ways to get an {@link OptModel}: from a Hugging Face directory, or random from a seed. */
public final class OptModels {
    private OptModels() {}

    /** Loads {@code config.json} and the weights of a Hugging Face OPT directory. */
    public static OptModel load(Path dir, Device device, DataType dtype) throws IOException {
        return load(dir, device, dtype, java.util.function.UnaryOperator.identity());
    }

    /** Like {@link #load(Path, Device, DataType)}, with the config adjusted first (e.g. dropout). */
    public static OptModel load(Path dir, Device device, DataType dtype, java.util.function.UnaryOperator<OptConfig> adjust)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model directory " + dir + " does not exist");
        }
        OptModel model = new OptModel(adjust.apply(OptConfig.read(dir)), device, dtype);
        try {
            OptWeights.loadDirectory(model, dir);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A model initialised as Hugging Face initialises OPT, from {@code seed}. */
    public static OptModel random(OptConfig config, long seed, Device device, DataType dtype) {
        OptModel model = new OptModel(config, device, dtype);
        OptWeights.load(model, OptWeights.random(config, seed));
        return model;
    }
}
