package sentemb.text;

import java.util.List;

/**
 * A batch of token id sequences padded on the LEFT to the longest one, with the attention
 * mask (1 for real tokens, 0 for padding). Left padding keeps every sequence's last real token
 * in the last column, which is where PromptEOL reads the embedding.
 */
public final class LeftPaddedBatch {
    private final int[][] ids;
    private final int[][] attentionMask;

    private LeftPaddedBatch(int[][] ids, int[][] attentionMask) {
        this.ids = ids;
        this.attentionMask = attentionMask;
    }

    /** Pads {@code sequences} (none empty) with {@code padId} in front. */
    public static LeftPaddedBatch of(List<int[]> sequences, int padId) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("cannot pad an empty batch");
        }
        int length = 0;
        for (int i = 0; i < sequences.size(); i++) {
            if (sequences.get(i).length == 0) {
                throw new IllegalArgumentException("sequence " + i + " of the batch is empty: every row needs at least one token");
            }
            length = Math.max(length, sequences.get(i).length);
        }
        int[][] ids = new int[sequences.size()][length];
        int[][] mask = new int[sequences.size()][length];
        for (int i = 0; i < sequences.size(); i++) {
            int[] s = sequences.get(i);
            int pad = length - s.length;
            java.util.Arrays.fill(ids[i], 0, pad, padId);
            System.arraycopy(s, 0, ids[i], pad, s.length);
            java.util.Arrays.fill(mask[i], pad, length, 1);
        }
        return new LeftPaddedBatch(ids, mask);
    }

    /** Padded ids, [batch][length]; the caller must not modify them. */
    public int[][] ids() {
        return ids;
    }

    /** Attention mask, [batch][length], 0 on padding; the caller must not modify it. */
    public int[][] attentionMask() {
        return attentionMask;
    }

    public int batchSize() {
        return ids.length;
    }

    /** Padded length (longest sequence). */
    public int length() {
        return ids[0].length;
    }
}
