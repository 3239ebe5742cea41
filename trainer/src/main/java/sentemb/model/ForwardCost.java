package sentemb.model;

/**
 * The cost model {@link SequenceEmbedder} plans with: a forward pass costs the tokens it
 * computes (padding included) plus a fixed overhead, both in units of one token's work
 * (forward and backward through every layer). The overhead has two parts: the engine calls of
 * one more pass (tens per layer, forward and backward, each a few microseconds of dispatch
 * whatever its size: many tokens' worth on a small model, little on a large one), and the lower
 * matmul efficiency of splitting rows into smaller products (about a constant number of tokens).
 */
public final class ForwardCost {
    /**
     * Engine-call cost of one more pass through one decoder layer, in FLOPs of token work it
     * could have done instead, on the 2-core CPU this project runs on (docs/bench.md, "Forward
     * overhead"). From the tiny shape (where the calls dominate): 370 tokens measured, less
     * {@link #CPU_PASS_TOKENS}, times its 9.8·10⁴ FLOPs per token and layer.
     */
    public static final double CPU_LAYER_CALL_FLOPS = 3.2e7;
    /**
     * Matmul-efficiency cost of one more pass, in tokens. From the opt-125m shape (where the
     * calls are worth 2.3 tokens): 42.5 tokens measured. Both constants were measured under heavy
     * load (load average ~25 on 2 cores) and are to be refreshed from an idle run; the plan only
     * changes where a batch's savings sit near the overhead.
     */
    public static final double CPU_PASS_TOKENS = 40;

    private ForwardCost() {}

    /** Forward FLOPs of one token in one decoder layer: its linear maps (OPT: {@code 2·(4h² + 2hf)}). */
    public static double tokenFlopsPerLayer(DecoderConfig c) {
        return 2.0 * c.linearWeightsPerLayer();
    }

    /** The default fixed cost of one more forward pass of this shape on the CPU, in tokens. */
    public static double defaultOverheadTokens(DecoderConfig c) {
        return CPU_LAYER_CALL_FLOPS / tokenFlopsPerLayer(c) + CPU_PASS_TOKENS;
    }

    /**
     * Whether running a shared prefix of {@code prefix} tokens once, for {@code rows} sequences,
     * pays for its extra pass: it saves {@code (rows - 1) · prefix} tokens.
     */
    public static boolean sharingPays(int rows, int prefix, double overheadTokens) {
        return (double) (rows - 1) * prefix > overheadTokens;
    }
}
