package sentemb.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import sentemb.api.EmbeddingModel;

/**
 * One loaded model per key per JVM (a Spark executor, or the driver in local mode), shared by
 * every task and partition that JVM runs. Models stay loaded until the JVM exits, as an
 * executor's do; {@link #closeAll()} frees them where the JVM lives on (local mode, tests).
 */
final class ModelCache {
    private static final ConcurrentMap<ModelKey, EmbeddingModel> MODELS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {}

    /** A model and whether this call loaded it. */
    record Lease(EmbeddingModel model, boolean loadedNow) {}

    static Lease get(ModelKey key) {
        boolean[] loaded = {false};
        EmbeddingModel m = MODELS.computeIfAbsent(key, k -> {
            try {
                EmbeddingModel model = EmbeddingModel.load(k.folder(), k.options());
                LOADS.incrementAndGet();
                loaded[0] = true;
                return model;
            } catch (IOException e) {
                throw new UncheckedIOException("loading " + k.path() + ": " + e.getMessage(), e);
            }
        });
        return new Lease(m, loaded[0]);
    }

    /** Models loaded by this JVM since it started. */
    static int loads() {
        return LOADS.get();
    }

    static synchronized void closeAll() {
        for (ModelKey k : MODELS.keySet()) {
            EmbeddingModel m = MODELS.remove(k);
            if (m != null) {
                m.close();
            }
        }
    }
}
