package sentemb.data.nli;

import java.util.List;

/**
 * The two column layouts of SimCSE's supervised training files. SimCSE itself picks the
 * columns by position; here the header must match exactly, so that a file without a
 * header (whose first row would silently become the header) is rejected.
 */
public enum NliFormat {
    /** {@code sent0,sent1,hard_neg}: anchor, positive, hard negative. */
    TRIPLET(List.of("sent0", "sent1", "hard_neg")),
    /** {@code sent0,sent1}: anchor and positive only (in-batch negatives only). */
    PAIR(List.of("sent0", "sent1"));

    private final List<String> columns;

    NliFormat(List<String> columns) {
        this.columns = columns;
    }

    /** Header names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** Number of fields per row. */
    public int width() {
        return columns.size();
    }

    /** The header line as it appears in the file. */
    public String headerLine() {
        return String.join(",", columns);
    }
}
