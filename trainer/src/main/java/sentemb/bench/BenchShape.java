package sentemb.bench;

import java.util.List;
import sentemb.model.opt.OptConfig;

/**
 * A named OPT shape benchmarked with random weights, and the demonstration its prompts carry
 * (the reference's best one for that size). All use OPT's vocabulary (50,272 rows) and 2,048
 * positions; dropout 0.1 and attention dropout 0 as in OPT's configs.
 */
public record BenchShape(String name, OptConfig config, int[] demonstration) {
    public static final int VOCAB = 50272;
    public static final int MAX_POSITIONS = 2048;

    public static final BenchShape TINY = new BenchShape("tiny", opt(64, 2, 4, 256, 64, true), PromptTokens.DEMO_125M);
    public static final BenchShape OPT_125M = new BenchShape("opt-125m", opt(768, 12, 12, 3072, 768, true),
            PromptTokens.DEMO_125M);
    /** Post-LN with 512-wide embeddings projected to 1024 (project_in / project_out). */
    public static final BenchShape OPT_350M = new BenchShape("opt-350m", opt(1024, 24, 16, 4096, 512, false),
            PromptTokens.DEMO_350M);

    public static List<BenchShape> all() {
        return List.of(TINY, OPT_125M, OPT_350M);
    }

    /** The shape called {@code name} ({@code tiny}, {@code opt-125m}, {@code opt-350m}). */
    public static BenchShape named(String name) {
        for (BenchShape s : all()) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown benchmark shape '" + name + "'; expected one of tiny, opt-125m, opt-350m");
    }

    private static OptConfig opt(int hidden, int layers, int heads, int ffn, int wordEmbedProjDim, boolean preLn) {
        return new OptConfig(VOCAB, hidden, layers, heads, ffn, MAX_POSITIONS, wordEmbedProjDim, preLn, true, true, false,
                0.1f, 0.0f, 1, 2, 2);
    }

    /** Parameters of the decoder (no LM head), embeddings included. */
    public long parameterCount() {
        return sentemb.model.opt.OptWeights.expectedShapes(config).values().stream()
                .mapToLong(s -> java.util.Arrays.stream(s).reduce(1, (a, b) -> a * b)).sum();
    }
}
