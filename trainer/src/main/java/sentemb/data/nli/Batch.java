package sentemb.data.nli;

/**
 * One batch: where it sits in the sequence and the dataset row indices it holds, in
 * order. The array belongs to the caller.
 */
public record Batch(BatchCursor cursor, int[] rows) {

    public int size() {
        return rows.length;
    }
}
