package sentemb.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits a batch into groups of similar length, each run as its own left-padded forward pass.
 * One forward over the whole batch pads every sequence to the longest; several forwards pad
 * less but each pays a fixed cost (one more set of engine calls per layer, smaller matmuls).
 * The plan minimises {@code Σ rows · longest + overheadTokens · groups} exactly, by dynamic
 * programming over the length-sorted order (an optimal grouping is always contiguous there:
 * swapping a long member of a short group with a short member of a long group never adds
 * padding). Ties go to the longest last group; the plan depends only on the lengths, so it is
 * the same on every replay of a step (GradCache, resume).
 */
public final class LengthBuckets {
    private LengthBuckets() {}

    /**
     * @param lengths tokens per sequence (what each would cost unpadded)
     * @param overheadTokens the fixed cost of one more forward pass, in padded tokens
     * @return the groups, each the indices of its sequences in ascending length (stable order),
     *     groups in ascending length; a single group when splitting does not pay
     */
    public static List<int[]> plan(int[] lengths, double overheadTokens) {
        int n = lengths.length;
        if (n == 0) {
            throw new IllegalArgumentException("cannot bucket an empty batch");
        }
        if (!(overheadTokens >= 0)) {
            throw new IllegalArgumentException("bucket overhead must be >= 0 tokens, got " + overheadTokens);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        // best[j]: least cost of the first j sorted sequences; from[j]: where its last group starts
        double[] best = new double[n + 1];
        int[] from = new int[n + 1];
        for (int j = 1; j <= n; j++) {
            best[j] = Double.POSITIVE_INFINITY;
            long longest = lengths[order[j - 1]];
            for (int i = 0; i < j; i++) { // last group = sorted positions i .. j-1
                double c = best[i] + (double) (j - i) * longest + overheadTokens;
                if (c < best[j]) { // strict: on ties the earliest start wins
                    best[j] = c;
                    from[j] = i;
                }
            }
        }
        List<int[]> groups = new ArrayList<>();
        for (int j = n; j > 0; j = from[j]) {
            int[] g = new int[j - from[j]];
            for (int k = 0; k < g.length; k++) {
                g[k] = order[from[j] + k];
            }
            groups.add(0, g);
        }
        return groups;
    }

    /** Padded tokens of running {@code groups} as separate left-padded batches. */
    public static long paddedTokens(int[] lengths, List<int[]> groups) {
        long total = 0;
        for (int[] g : groups) {
            int longest = 0;
            for (int i : g) {
                longest = Math.max(longest, lengths[i]);
            }
            total += (long) g.length * longest;
        }
        return total;
    }
}
