package sentemb.data.nli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an {@link NliTripletReader} did not turn into a triplet: the number of bad
 * rows (per reason), the first few of them with their line numbers, and the number of
 * blank lines skipped (blank lines carry no row; pandas, which the reference loads its
 * CSV with, skips them too, so they are counted here but are not bad rows).
 */
public final class BadRowReport {
    private final String source;
    private final int limit;
    private final List<BadRow> first = new ArrayList<>();
    private final Map<BadRowReason, Integer> perReason = new EnumMap<>(BadRowReason.class);
    private int count;
    private int blankLines;

    BadRowReport(String source, int limit) {
        this.source = source;
        this.limit = limit;
    }

    void add(BadRow row) {
        count++;
        perReason.merge(row.reason(), 1, Integer::sum);
        if (first.size() < limit) {
            first.add(row);
        }
    }

    void addBlankLine() {
        blankLines++;
    }

    /** The file (or other source name) the rows came from. */
    public String source() {
        return source;
    }

    /** How many rows were rejected. */
    public int count() {
        return count;
    }

    /** The first {@code reportLimit} rejected rows, in file order. */
    public List<BadRow> firstRows() {
        return Collections.unmodifiableList(first);
    }

    /** Rejected rows per reason. */
    public Map<BadRowReason, Integer> countsByReason() {
        return Collections.unmodifiableMap(perReason);
    }

    /** Empty physical lines skipped (not counted as bad rows). */
    public int blankLines() {
        return blankLines;
    }

    /** True when no row was rejected and no blank line skipped. */
    public boolean isClean() {
        return count == 0 && blankLines == 0;
    }

    /** A multi-line human-readable summary for logs. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(count).append(" bad row(s)");
        if (count > 0) {
            sb.append(' ').append(perReason);
        }
        sb.append(", ").append(blankLines).append(" blank line(s) skipped");
        for (BadRow row : first) {
            sb.append("\n  ").append(row);
        }
        if (count > first.size()) {
            sb.append("\n  ... and ").append(count - first.size()).append(" more");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
