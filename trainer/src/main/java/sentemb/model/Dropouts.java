package sentemb.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every dropout of a training forward (hidden states, attention probabilities, LoRA inputs),
 * with {@code torch.nn.functional.dropout}'s meaning: each element is kept with probability
 * {@code 1 − p} and scaled by {@code 1 / (1 − p)}, or zeroed.
 *
 * <p>On the CPU the masks come from {@link DropoutMask}: a counter-based generator filled by Java
 * threads straight into the mask's memory. libtorch's CPU {@code bernoulli_} draws from one
 * serial generator at about 8–12 ns an element: 330 ms of a 2.0 s opt-125m LoRA step (all six
 * linears; docs/bench.md). The masks depend only on the seed the training step sets with {@link
 * #seed} for a forward, the order of the dropout calls in it and the element index, so they
 * replay exactly (GradCache's second pass), whatever thread runs the forward: replicas on their
 * own threads draw their masks at the same time, with no lock. On other devices (GPUs) the
 * engine's own dropout runs, from the engine's generator, which the training step seeds under
 * a lock instead ({@code sentemb.train.parallel.SeededForwards}).
 *
 * <p>A forward outside a {@link #seed} scope (a test, a benchmark) draws unseeded masks; in a
 * {@link TorchKernels} scope the engine's dropout runs on the CPU too.
 */
public final class Dropouts {
    /** The seed of the forward running on this thread, and how many masks it has drawn. */
    private static final ThreadLocal<Stream> CURRENT = new ThreadLocal<>();
    private static final AtomicLong UNSEEDED = new AtomicLong(System.nanoTime());

    private Dropouts() {}

    private static final class Stream {
        final long seed;
        long calls;

        Stream(long seed) {
            this.seed = seed;
        }
    }

    /** Ends a {@link #seed} scope, restoring the one around it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Until the scope closes, the calling thread's dropout masks derive from {@code seed}. */
    public static Scope seed(long seed) {
        Stream outer = CURRENT.get();
        CURRENT.set(new Stream(seed));
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /** Whether dropout on {@code device} draws from {@link #seed} (the CPU) rather than the engine's generator. */
    public static boolean seededHere(Device device) {
        return Device.Type.CPU.equals(device.getDeviceType());
    }

    /** Training dropout of {@code x} with drop probability {@code p} (0 returns {@code x}). */
    public static NDArray apply(NDArray x, float p) {
        if (p == 0f) {
            return x;
        }
        if (!seededHere(x.getDevice()) || TorchKernels.current().engineDropout()) {
            return Dropout.dropout(x, p, true).singletonOrThrow();
        }
        NDArray mask = DropoutMask.create(x.getManager(), x.getShape(), p, nextKey());
        if (x.getDataType() != DataType.FLOAT32) {
            NDArray wide = mask;
            mask = wide.toType(x.getDataType(), false); // the mask needs no gradient
            wide.close();
        }
        return x.mul(mask);
    }

    /** The key of the next mask: the forward's seed and the mask's position among its dropouts. */
    private static long nextKey() {
        Stream s = CURRENT.get();
        if (s == null) {
            return DropoutMask.mix(UNSEEDED.getAndAdd(DropoutMask.GOLDEN_GAMMA));
        }
        long call = s.calls++;
        return DropoutMask.mix(DropoutMask.mix(s.seed) + (call + 1) * 0xD1B54A32D192ED03L);
    }
}
