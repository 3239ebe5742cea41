package sentemb.model;

/**
 * A scope in which a forward runs some of its parts the way Hugging Face runs them on torch:
 * dropout from the engine's own generator ({@code torch.nn.functional.dropout}) and dense
 * embedding gradients. Outside it sentemb's faster equivalents run ({@link Dropouts}, {@link
 * EmbeddingLookup}). Only the benchmark opens it: for its Hugging Face-style reference step, and
 * to measure what each lever gains on the same libtorch. The setting belongs to the calling thread.
 *
 * @param engineDropout dropout masks from the engine's generator
 * @param denseEmbeddingGradients the embedding's gradient as a dense matrix
 */
public record TorchKernels(boolean engineDropout, boolean denseEmbeddingGradients) {
    /** Both, as Hugging Face runs. */
    public static final TorchKernels HUGGING_FACE = new TorchKernels(true, true);
    /** Neither: sentemb's own. */
    public static final TorchKernels NONE = new TorchKernels(false, false);

    private static final ThreadLocal<TorchKernels> CURRENT = ThreadLocal.withInitial(() -> NONE);

    /** Ends the scope, restoring the setting around it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Until the scope closes, the calling thread's forwards use these of torch's kernels. */
    public Scope open() {
        TorchKernels outer = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(outer);
    }

    static TorchKernels current() {
        return CURRENT.get();
    }
}
