package sentemb.data.nli;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The rows of one NLI training file, in file order, held in memory (SimCSE's 275k
 * triplets take well under 200 MB), with the report of what was rejected while reading.
 */
public final class NliDataset extends AbstractList<Triplet> implements RandomAccess {
    private final String source;
    private final NliFormat format;
    private final List<Triplet> rows;
    private final BadRowReport badRows;
    private long fingerprint;
    private boolean fingerprinted;

    /**
     * @param source  where the rows came from (a path or a name), for messages
     * @param format  triplet or pair layout; every row must match it
     * @param rows    the rows, in file order
     * @param badRows what was rejected while reading
     */
    public NliDataset(String source, NliFormat format, List<Triplet> rows, BadRowReport badRows) {
        this.source = source;
        this.format = format;
        this.rows = List.copyOf(rows);
        this.badRows = badRows;
        for (Triplet t : this.rows) {
            if (t.hasHardNegative() != (format == NliFormat.TRIPLET)) {
                throw new IllegalArgumentException(source + ":" + t.line() + ": row does not match the "
                        + format + " format (hard negative " + (t.hasHardNegative() ? "present" : "missing") + ")");
            }
        }
    }

    /** Builds a dataset from rows made in code (tests, demos); the report is empty. */
    public static NliDataset of(String source, NliFormat format, List<Triplet> rows) {
        return new NliDataset(source, format, rows, new BadRowReport(source, 0));
    }

    @Override
    public Triplet get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    /** The file (or name) the rows came from. */
    public String source() {
        return source;
    }

    /** Triplet or pair layout. */
    public NliFormat format() {
        return format;
    }

    /** True for triplet files (rows carry hard negatives). */
    public boolean hasHardNegatives() {
        return format == NliFormat.TRIPLET;
    }

    /** What was rejected while reading. */
    public BadRowReport badRows() {
        return badRows;
    }

    /**
     * A 64-bit FNV-1a hash of all texts in order. A checkpoint stores it so that a resumed
     * run can tell it is reading the same data (same batches) as the run it continues.
     */
    public synchronized long fingerprint() {
        if (!fingerprinted) {
            long h = 0xcbf29ce484222325L;
            for (Triplet t : rows) {
                h = mix(h, t.anchor());
                h = mix(h, t.positive());
                h = mix(h, t.hardNegative());
            }
            fingerprint = h;
            fingerprinted = true;
        }
        return fingerprint;
    }

    private static long mix(long h, String s) {
        if (s == null) {
            return (h ^ 0x1F) * 0x100000001b3L;
        }
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ 0x1E) * 0x100000001b3L; // field separator, so ("ab","c") != ("a","bc")
    }
}
