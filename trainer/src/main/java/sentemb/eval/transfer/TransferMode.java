package sentemb.eval.transfer;

/**
 * The two settings of the reference evaluation script.
 *
 * <p>{@link #TEST} is SentEval's full configuration as the PromptEOL paper's script uses it
 * ({@code kfold 10, adam, batch 64, tenacity 5, epoch_size 4}). {@link #DEV} is SentEval's
 * "prototyping config" ({@code kfold 5, batch 128, tenacity 3, epoch_size 2}), a fast proxy;
 * SentEval names RMSprop there, but DJL's PyTorch engine has no RMSprop update in 0.36
 * ({@code PtNDArrayEx.rmspropUpdate} throws UnsupportedOperationException), so DEV keeps
 * Adam. The reference's own fast mode also uses classifier batch 32, not 128.
 */
public enum TransferMode {
    TEST(new ClassifierConfig(10, 64, 5, 4, 200, ClassifierConfig.SENTEVAL_L2_GRID, 0.05, 1e-3f)),
    DEV(new ClassifierConfig(5, 128, 3, 2, 200, ClassifierConfig.SENTEVAL_L2_GRID, 0.05, 1e-3f));

    private final ClassifierConfig config;

    TransferMode(ClassifierConfig config) {
        this.config = config;
    }

    public ClassifierConfig config() {
        return config;
    }

    /** {@code test} or {@code dev} (case-insensitive). */
    public static TransferMode parse(String name) {
        for (TransferMode m : values()) {
            if (m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown transfer mode '" + name + "'; expected test or dev");
    }
}
