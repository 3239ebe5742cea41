package sentemb.train;

import java.util.List;

/**
 * One global batch of training triplets as prompt token ids (each sentence already cut to
 * the cutoff and put into the template). {@code negatives} is null in pair mode.
 */
public record TokenizedBatch(List<int[]> anchors, List<int[]> positives, List<int[]> negatives) {

    public TokenizedBatch {
        if (anchors.size() != positives.size() || (negatives != null && negatives.size() != anchors.size())) {
            throw new IllegalArgumentException("batch columns differ in length");
        }
    }

    public int size() {
        return anchors.size();
    }

    public boolean hasNegatives() {
        return negatives != null;
    }

    public long tokenCount() {
        long n = 0;
        for (List<int[]> col : negatives == null ? List.of(anchors, positives) : List.of(anchors, positives, negatives)) {
            for (int[] s : col) {
                n += s.length;
            }
        }
        return n;
    }

    /** Rows {@code [from, to)}. */
    public TokenizedBatch slice(int from, int to) {
        return new TokenizedBatch(anchors.subList(from, to), positives.subList(from, to),
                negatives == null ? null : negatives.subList(from, to));
    }
}
