package sentemb.train.parallel;

import ai.djl.engine.Engine;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Dropout that replays exactly with replicas on their own threads. The engine has one random
 * generator per device and {@code Engine.setRandomSeed} reseeds them all, so "seed, then
 * launch the forward" must not interleave with another replica's: it runs under one JVM-wide
 * lock. A forward without randomness (dropout off) needs no seed and takes no lock. The
 * backward, which draws no random numbers, always runs outside it.
 *
 * <p>On a GPU the lock is held only while the kernels are queued; on the CPU a forward
 * executes while it is queued, so seeded CPU forwards run one at a time.
 */
public final class SeededForwards {
    private static final ReentrantLock LOCK = new ReentrantLock();

    private SeededForwards() {}

    /**
     * @param random whether the forward draws random numbers (dropout)
     * @param seed the seed it must see when it does
     */
    public static <T> T launch(boolean random, int seed, Supplier<T> forward) {
        if (!random) {
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
