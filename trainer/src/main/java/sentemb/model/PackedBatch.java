package sentemb.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A batch of token sequences packed into one row of real tokens, with no padding: a shared
 * prefix (the first {@code shared} tokens, common to every sequence) appears once, then each
 * sequence's remaining tokens. Every token-wise part of a decoder layer (norms, the q/k/v/out
 * projections, the FFN: nearly all of its FLOPs) runs on the {@code N} packed tokens; only the
 * attention product needs rows, so keys, values and queries are gathered into a
 * {@code B × L} layout for it ({@link #rows}) and the outputs scattered back ({@link #packed}).
 *
 * <p>This computes exactly what one forward over the batch left-padded to its longest computes
 * for the real tokens (each sequence sees its own tokens, at their own positions), minus the
 * pads and the repeated prefix. The gradient of a gather that repeats the prefix's tokens in
 * every row sums over the rows, as the prefix's share of every sequence's loss requires.
 *
 * <p>The row layout puts each sequence at columns {@code 0 … len − 1} and pads after it (the
 * pads' keys are masked, their queries' outputs never read). All arrays are on the model's
 * device and belong to the manager given to {@link #upload}: they must live until the backward
 * pass has run (autograd keeps the index arrays).
 */
public final class PackedBatch {
    private final int batch;
    private final int width;
    private final int tokens;
    /** {@code N} token ids and their positions in their own sequence (0-based, prefix included). */
    private final NDArray ids;
    private final NDArray positions;
    /** {@code B·L}: packed index of each row slot (pads point at token 0 and are masked). */
    private final NDArray rowIndex;
    /** {@code N}: the row slot ({@code b·L + j}) whose attention output each packed token takes. */
    private final NDArray ownerIndex;
    /** {@code B}: packed index of each sequence's last token. */
    private final NDArray lastIndex;
    /** {@code B × 1 × L × L}: causal and within the sequence; {@code B × 1 × 1 × L} for the last query. */
    private final NDArray allowed;
    private final NDArray lastAllowed;

    private PackedBatch(int batch, int width, int tokens, NDArray ids, NDArray positions,
            NDArray rowIndex, NDArray ownerIndex, NDArray lastIndex, NDArray allowed, NDArray lastAllowed) {
        this.batch = batch;
        this.width = width;
        this.tokens = tokens;
        this.ids = ids;
        this.positions = positions;
        this.rowIndex = rowIndex;
        this.ownerIndex = ownerIndex;
        this.lastIndex = lastIndex;
        this.allowed = allowed;
        this.lastAllowed = lastAllowed;
    }

    /** Tokens the packed forward computes for these sequences: the prefix once, then every sequence's rest. */
    public static long packedTokens(List<int[]> sequences, int shared) {
        long n = shared;
        for (int[] s : sequences) {
            n += s.length - shared;
        }
        return n;
    }

    /**
     * Builds the layout on the host and copies it to {@code device} in one upload per array.
     *
     * @param shared length of the prefix every sequence starts with; each sequence must be longer
     */
    public static PackedBatch upload(NDManager manager, Device device, List<int[]> sequences, int shared) {
        int b = sequences.size();
        if (b == 0) {
            throw new IllegalArgumentException("cannot pack an empty batch");
        }
        int width = 0;
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(r);
            if (s.length <= shared) {
                throw new IllegalArgumentException("sequence " + r + " has " + s.length
                        + " tokens, not more than the shared prefix of " + shared);
            }
            width = Math.max(width, s.length);
        }
        int n = (int) packedTokens(sequences, shared);
        long[] ids = new long[n];
        long[] positions = new long[n];
        long[] rowIndex = new long[b * width];
        long[] ownerIndex = new long[n];
        long[] lastIndex = new long[b];
        boolean[] allowed = new boolean[b * width * width];
        boolean[] lastAllowed = new boolean[b * width];
        int[] first = sequences.get(0);
        for (int j = 0; j < shared; j++) {
            ids[j] = first[j];
            positions[j] = j;
            ownerIndex[j] = j; // row 0's copy of the prefix
        }
        int next = shared;
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(r);
            for (int j = 0; j < s.length; j++) {
                int packed;
                if (j < shared) {
                    packed = j;
                } else {
                    packed = next++;
                    ids[packed] = s[j];
                    positions[packed] = j;
                    ownerIndex[packed] = (long) r * width + j;
                }
                rowIndex[r * width + j] = packed;
                lastAllowed[r * width + j] = true;
            }
            lastIndex[r] = next - 1;
            for (int i = 0; i < width; i++) {
                int visible = Math.min(i + 1, s.length); // pad queries see the whole sequence: finite, never read
                int base = (r * width + i) * width;
                for (int j = 0; j < visible; j++) {
                    allowed[base + j] = true;
                }
            }
        }
        return new PackedBatch(b, width, n,
                onDevice(manager.create(ids, new Shape(n)), device),
                onDevice(manager.create(positions, new Shape(n)), device),
                onDevice(manager.create(rowIndex, new Shape((long) b * width)), device),
                onDevice(manager.create(ownerIndex, new Shape(n)), device),
                onDevice(manager.create(lastIndex, new Shape(b)), device),
                onDevice(manager.create(allowed, new Shape(b, 1, width, width)), device),
                onDevice(manager.create(lastAllowed, new Shape(b, 1, 1, width)), device));
    }

    private static NDArray onDevice(NDArray a, Device device) {
        return a.getDevice().equals(device) ? a : a.toDevice(device, false);
    }

    /** Number of sequences. */
    public int batch() {
        return batch;
    }

    /** Longest sequence, prefix included: the width of the attention rows. */
    public int width() {
        return width;
    }

    /** Packed tokens {@code N}. */
    public int tokens() {
        return tokens;
    }

    /** {@code N} token ids (int64). */
    public NDArray ids() {
        return ids;
    }

    /** {@code N} positions, 0 for each sequence's first token (int64). */
    public NDArray positions() {
        return positions;
    }

    /** Attention visibility for queries at every row slot, or at each sequence's last token only. */
    public NDArray allowed(boolean lastOnly) {
        return lastOnly ? lastAllowed : allowed;
    }

    /** {@code N × (heads·d) → B × heads × L × d}: the attention rows of packed projections. */
    public NDArray rows(NDArray packed, int heads) {
        long d = packed.getShape().get(1) / heads;
        return packed.get(rowIndex).reshape(batch, width, heads, d).transpose(0, 2, 1, 3);
    }

    /** {@code B × heads × L × d → N × (heads·d)}: each packed token's own attention output. */
    public NDArray packed(NDArray rows) {
        Shape s = rows.getShape();
        return rows.transpose(0, 2, 1, 3).reshape((long) batch * width, s.get(1) * s.get(3)).get(ownerIndex);
    }

    /** {@code N × …} → {@code B × …}: the rows of each sequence's last token. */
    public NDArray last(NDArray packed) {
        return packed.get(lastIndex);
    }

    /** Mean over each sequence's tokens (prefix included) of packed {@code N × dim} states: {@code B × dim}. */
    public NDArray mean(NDArray packed) {
        long dim = packed.getShape().get(1);
        return Pooling.maskedMean(packed.get(rowIndex).reshape(batch, width, dim), lastAllowed.reshape(batch, width));
    }

    /** Moves the arrays that layer ops take as their first operand into {@code scope} until it closes. */
    public void tempAttach(NDManager scope) {
        allowed.tempAttach(scope);
        lastAllowed.tempAttach(scope);
    }
}
