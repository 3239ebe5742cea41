package sentemb.model;

/**
 * A scope in which a forward runs the way Hugging Face runs it on torch: dropout from the
 * engine's own generator ({@code torch.nn.functional.dropout}) and dense embedding gradients.
 * Outside it sentemb's faster equivalents run ({@link Dropouts}, {@link EmbeddingLookup}). Only
 * the benchmark's Hugging Face-style reference step opens it, so that the work the levers save
 * is measured on the same libtorch; the flag belongs to the calling thread.
 */
public final class TorchKernels {
    private static final ThreadLocal<Boolean> ON = ThreadLocal.withInitial(() -> false);

    private TorchKernels() {}

    /** Ends the scope, restoring the setting around it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Until the scope closes, the calling thread's forwards use torch's own dropout and dense embedding gradients. */
    public static Scope open() {
        boolean outer = ON.get();
        ON.set(true);
        return () -> ON.set(outer);
    }

    static boolean on() {
        return ON.get();
    }
}
