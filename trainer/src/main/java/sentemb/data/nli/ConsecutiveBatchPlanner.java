package sentemb.data.nli;

import java.util.Arrays;

/** The ordinary data loader: batch k is the k-th consecutive slice of the shuffled order. */
final class ConsecutiveBatchPlanner implements BatchPlanner {

    @Override
    public int[][] plan(int[] order, int[] sizes) {
        int[][] out = new int[sizes.length][];
        int start = 0;
        for (int k = 0; k < sizes.length; k++) {
            out[k] = Arrays.copyOfRange(order, start, start + sizes[k]);
            start += sizes[k];
        }
        return out;
    }
}
