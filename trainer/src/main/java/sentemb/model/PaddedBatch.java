package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Token sequences left-padded to the longest one in the batch (dynamic padding: never to a
 * fixed length). Left padding puts every sentence's last token in the last column, where
 * PromptEOL reads its embedding.
 */
public record PaddedBatch(NDArray ids, NDArray mask) {

    public static PaddedBatch leftPad(NDManager manager, List<int[]> sequences, int padId) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("cannot pad an empty batch");
        }
        int len = 0;
        for (int[] s : sequences) {
            if (s.length == 0) {
                throw new IllegalArgumentException("empty token sequence in batch");
            }
            len = Math.max(len, s.length);
        }
        int b = sequences.size();
        long[] ids = new long[b * len];
        long[] mask = new long[b * len];
        for (int r = 0; r < b; r++) {
            int[] s = sequences.get(r);
            int off = r * len + (len - s.length);
            java.util.Arrays.fill(ids, r * len, off, padId);
            for (int i = 0; i < s.length; i++) {
                ids[off + i] = s[i];
                mask[off + i] = 1;
            }
        }
        Shape shape = new Shape(b, len);
        return new PaddedBatch(manager.create(ids, shape), manager.create(mask, shape));
    }

    public int tokens() {
        return (int) mask.getShape().size();
    }
}
