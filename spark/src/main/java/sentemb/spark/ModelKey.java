package sentemb.spark;

import java.io.Serializable;
import java.nio.file.Path;
import sentemb.api.EmbeddingModel;

/**
 * What one cached model is: folder, resolved device and the encoding settings that shape its
 * vectors. Two embedders with equal keys share one loaded model per JVM.
 */
record ModelKey(String path, String device, int batchSize, boolean normalize, int maxLength, boolean cleanup,
                int chunkSize) implements Serializable {

    EmbeddingModel.Options options() {
        return EmbeddingModel.Options.defaults().batchSize(batchSize).normalize(normalize).maxLength(maxLength)
                .cleanup(cleanup).device(device).streamChunk(chunkSize);
    }

    Path folder() {
        return Path.of(path);
    }

    /** This key with {@code gpu} (the task's GPU) replaced by {@code gpu:N}. */
    ModelKey onDevice(String resolved) {
        return new ModelKey(path, resolved, batchSize, normalize, maxLength, cleanup, chunkSize);
    }
}
