package sentemb.data.nli;

/** Cuts one epoch's shuffled row order into batches of the given sizes. */
interface BatchPlanner {

    /**
     * @param order the epoch's permutation of all row indices
     * @param sizes the size of each batch, in order; they sum to at most order.length
     *              (less when the last partial batch is dropped)
     * @return one array of row indices per batch, {@code sizes[k]} long
     */
    int[][] plan(int[] order, int[] sizes);
}
