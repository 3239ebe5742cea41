package sentemb.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scalar operands for arrays that autograd tracks, as device-resident constants that are
 * created once per (device, dtype, value) and then reused by every forward.
 *
 * <p>Why not {@code NDArray.mul(Number)}: DJL wraps the number in a CPU tensor that borrows a
 * Java direct buffer ({@code from_blob}) and closes it right after the op. Autograd may keep
 * that tensor for the backward pass (MulBackward saves its other operand), and once the
 * garbage collector frees the buffer the backward reads freed memory: gradients turn silently
 * wrong or NaN, depending on GC timing. A copy made by libtorch lives in its own
 * reference-counted memory, as long as the graph needs it. The cached constants are such
 * copies, owned by a manager that is never closed, so no step can free one under a graph.
 *
 * <p>Why cached: on a CUDA device every {@code create(host value)} is a blocking host-to-device
 * copy (a stream synchronisation). Made once, a constant costs nothing per step; {@link
 * #created()} counts the uploads so a test can show that a training step makes none after the
 * first.
 */
public final class Scalars {
    /** {@code vector}: shape (1) instead of (), for operands that must take part in type promotion. */
    private record Key(Device device, DataType type, long bits, boolean vector) {}

    private static final ConcurrentHashMap<Key, NDArray> CACHE = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Device, NDManager> OWNERS = new ConcurrentHashMap<>();
    private static final AtomicLong CREATED = new AtomicLong();

    private Scalars() {}

    /**
     * A 0-d tensor holding {@code value} with {@code like}'s dtype and device. It is shared:
     * use it as an operand, never close or modify it.
     */
    public static NDArray of(NDArray like, double value) {
        return of(like.getDevice(), like.getDataType(), value);
    }

    /** The shared 0-d constant {@code value} of {@code type} on {@code device}. */
    public static NDArray of(Device device, DataType type, double value) {
        return CACHE.computeIfAbsent(new Key(device, type, Double.doubleToLongBits(value), false), Scalars::upload);
    }

    /**
     * The shared constant {@code value} of shape (1). Unlike a 0-d tensor it takes part in
     * torch's type promotion: {@code fp16 × fp32[1]} is fp32 (see {@link MixedPrecision}).
     */
    public static NDArray vector(Device device, DataType type, double value) {
        return CACHE.computeIfAbsent(new Key(device, type, Double.doubleToLongBits(value), true), Scalars::upload);
    }

    /** How many constants have been uploaded so far (cache misses), JVM-wide. */
    public static long created() {
        return CREATED.get();
    }

    private static NDArray upload(Key k) {
        NDManager owner = OWNERS.computeIfAbsent(k.device(), NDManager::newBaseManager);
        double value = Double.longBitsToDouble(k.bits());
        try (NDArray borrowed = k.vector() ? owner.create(new double[] {value}) : owner.create(value)) {
            // copy=true: a libtorch-owned copy (exact in float64, rounded once for float32/16)
            NDArray owned = borrowed.toType(k.type(), true);
            owned.setName("constant " + value);
            CREATED.incrementAndGet();
            return owned;
        }
    }
}
