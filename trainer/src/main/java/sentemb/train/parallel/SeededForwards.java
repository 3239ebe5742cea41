package sentemb.train.parallel;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import sentemb.model.Dropouts;

/**
 * Dropout that replays exactly with replicas on their own threads. Each forward draws its masks
 * from the seed it is given ({@link Dropouts#seed}): on the CPU that is all it takes, the masks
 * depend on nothing else, and replicas run their forwards at the same time. On other devices the
 * engine's dropout draws from the engine's generators, one per device, which {@code
 * Engine.setRandomSeed} reseeds all at once, so there "seed, then launch the forward" runs under
 * one JVM-wide lock (held while the kernels are queued, not while they run). A forward without
 * randomness (dropout off) needs neither. The backward draws no random numbers.
 */
public final class SeededForwards {
    private static final ReentrantLock LOCK = new ReentrantLock();

    private SeededForwards() {}

    /**
     * @param random whether the forward draws random numbers (dropout)
     * @param device where the forward runs
     * @param seed the seed it must see when it does
     */
    public static <T> T launch(boolean random, Device device, int seed, Supplier<T> forward) {
        if (!random) {
            return forward.get();
        }
        try (Dropouts.Scope masks = Dropouts.seed(seed)) {
            if (Dropouts.seededHere(device)) {
                return forward.get();
            }
            LOCK.lock();
            try {
                Engine.getInstance().setRandomSeed(seed);
                return forward.get();
            } finally {
                LOCK.unlock();
            }
        }
    }
}
