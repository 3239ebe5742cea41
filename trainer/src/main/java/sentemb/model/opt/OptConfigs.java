package sentemb.model.opt;

/** Configs built in code (random models for demos, tests and benchmarks). */
public final class OptConfigs {
    private OptConfigs() {}

    /** An OPT config of the given shape with OPT's defaults for everything else. */
    public static OptConfig of(int vocabSize, int hidden, int layers, int heads, int ffn, int maxPositions,
            int wordEmbedProjDim, boolean preLayerNorm) {
        return new OptConfig(vocabSize, hidden, layers, heads, ffn, maxPositions, wordEmbedProjDim, preLayerNorm,
                true, true, false, 0.1f, 0.0f, 1, 2, 2);
    }
}
