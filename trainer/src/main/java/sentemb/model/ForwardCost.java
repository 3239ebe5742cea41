package sentemb.model;

/**
 * The cost model {@link SequenceEmbedder} plans with: a forward pass costs the tokens it
 * computes (padding included) plus a fixed overhead, both in units of one token's work. The
 * overhead is the engine calls of one more pass through every layer (tens per layer, forward
 * and backward, each a few microseconds of dispatch whatever its size) and the lower matmul
 * efficiency of smaller groups; a token's work is its FLOPs through every layer.
 */
public final class ForwardCost {
    /**
     * Fixed cost of one more pass through one decoder layer, in FLOPs of work it could have done
     * instead, measured on the 2-core CPU this project runs on (docs/bench.md, "Forward
     * overhead"): the time a pass costs beyond its tokens, times the FLOP rate of its tokens.
     * 3.6e7 on the tiny shape under load (load average ~25 on 2 cores); to be refreshed from an
     * idle run. The plan only changes where a batch's savings sit near the overhead.
     */
    public static final double CPU_LAYER_OVERHEAD_FLOPS = 35e6;

    private ForwardCost() {}

    /** Forward FLOPs of one token in one decoder layer: its six linear maps ({@code 2·(4h² + 2hf)}). */
    public static double tokenFlopsPerLayer(OptConfig c) {
        double h = c.hiddenSize();
        return 2 * (4 * h * h + 2 * h * c.ffnDim());
    }

    /** The default fixed cost of one more forward pass of this shape, in tokens. */
    public static double defaultOverheadTokens(OptConfig c) {
        return CPU_LAYER_OVERHEAD_FLOPS / tokenFlopsPerLayer(c);
    }

    /**
     * Whether running a shared prefix of {@code prefix} tokens once, for {@code rows} sequences,
     * pays for its extra pass: it saves {@code (rows - 1) · prefix} tokens.
     */
    public static boolean sharingPays(int rows, int prefix, double overheadTokens) {
        return (double) (rows - 1) * prefix > overheadTokens;
    }
}
