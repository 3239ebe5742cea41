package sentemb.data.nli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads SimCSE's supervised training files ({@code nli_for_simcse.csv}): a header
 * {@code sent0,sent1,hard_neg} (or {@code sent0,sent1} for pair files), then one row per
 * line in RFC 4180 CSV (quoted fields may hold commas, doubled quotes and line breaks;
 * LF or CRLF line ends; UTF-8, optional BOM).
 *
 * <p>Bad rows (missing or extra field, empty text after trimming, broken quoting) are
 * counted in a {@link BadRowReport} with their exact physical line numbers. Up to
 * {@code maxBadRows} of them are tolerated (and logged); the next one throws an
 * {@link NliFormatException} naming the file, the line and the reason. The default is 0:
 * the real SimCSE file and the project's samples have no bad row, so one means the file
 * is not what the recipe thinks it is (truncated download, wrong delimiter, a file written
 * without quoting), and training on a silently shrunk or misaligned set is worse than
 * stopping. Raise it for a known-dirty file; the report then lists what was skipped.
 *
 * <p>Invalid UTF-8 always throws (naming the line), whatever {@code maxBadRows} says: it
 * means the whole file has another encoding, not that one row is bad.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class NliTripletReader {
    private static final Logger LOG = LoggerFactory.getLogger(NliTripletReader.class);

    /** Default number of bad rows tolerated. */
    public static final int DEFAULT_MAX_BAD_ROWS = 0;
    /** Default number of bad rows kept in the report (all are counted). */
    public static final int DEFAULT_REPORT_LIMIT = 20;

    private final int maxBadRows;
    private final int reportLimit;

    /** A reader with {@link #DEFAULT_MAX_BAD_ROWS} and {@link #DEFAULT_REPORT_LIMIT}. */
    public NliTripletReader() {
        this(DEFAULT_MAX_BAD_ROWS, DEFAULT_REPORT_LIMIT);
    }

    private NliTripletReader(int maxBadRows, int reportLimit) {
        if (maxBadRows < 0) {
            throw new IllegalArgumentException("maxBadRows must be >= 0, got " + maxBadRows);
        }
        if (reportLimit < 0) {
            throw new IllegalArgumentException("reportLimit must be >= 0, got " + reportLimit);
        }
        this.maxBadRows = maxBadRows;
        this.reportLimit = reportLimit;
    }

    /** A copy that tolerates up to {@code maxBadRows} bad rows before throwing. */
    public NliTripletReader withMaxBadRows(int maxBadRows) {
        return new NliTripletReader(maxBadRows, reportLimit);
    }

    /** A copy that keeps the first {@code reportLimit} bad rows in its report. */
    public NliTripletReader withReportLimit(int reportLimit) {
        return new NliTripletReader(maxBadRows, reportLimit);
    }

    public int maxBadRows() {
        return maxBadRows;
    }

    public int reportLimit() {
        return reportLimit;
    }

    /** Reads a file. */
    public NliDataset read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads UTF-8 CSV from a stream (not closed here).
     *
     * @param source the name used in messages and in the report, usually the file path
     */
    public NliDataset read(InputStream in, String source) throws IOException {
        long t0 = System.nanoTime();
        CsvRecordParser parser = new CsvRecordParser(new PhysicalLineReader(in, source));
        BadRowReport report = new BadRowReport(source, reportLimit);
        NliFormat format = readHeader(parser, source, report);
        List<Triplet> rows = new ArrayList<>();
        CsvRecord rec;
        while ((rec = parser.next()) != null) {
            if (rec.kind() == CsvRecord.Kind.BLANK) {
                report.addBlankLine();
                continue;
            }
            BadRow bad = check(rec, format);
            if (bad != null) {
                report.add(bad);
                if (report.count() > maxBadRows) {
                    throw new NliFormatException(source, bad.line(), bad.reason(),
                            bad.reason() + ": " + bad.detail() + " (bad row " + report.count()
                                    + " exceeds maxBadRows=" + maxBadRows + ")", report);
                }
                continue;
            }
            String[] f = rec.fields();
            rows.add(new Triplet(f[0], f[1], format == NliFormat.TRIPLET ? f[2] : null, rec.firstLine()));
        }
        if (rows.isEmpty()) {
            throw new NliFormatException(source, 1, null,
                    "no data rows after the header (" + report.count() + " bad row(s), "
                            + report.blankLines() + " blank line(s))", report);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (report.isClean()) {
            LOG.info("read {} {} rows from {} in {} s", rows.size(), format, source, String.format("%.2f", seconds));
        } else {
            LOG.warn("read {} {} rows from {} in {} s; skipped: {}", rows.size(), format, source,
                    String.format("%.2f", seconds), report.summary());
        }
        return new NliDataset(source, format, rows, report);
    }

    private static NliFormat readHeader(CsvRecordParser parser, String source, BadRowReport report)
            throws IOException {
        CsvRecord rec;
        while ((rec = parser.next()) != null && rec.kind() == CsvRecord.Kind.BLANK) {
            report.addBlankLine();
        }
        String expected = "expected the header '" + NliFormat.TRIPLET.headerLine() + "' or '"
                + NliFormat.PAIR.headerLine() + "'";
        if (rec == null) {
            throw new NliFormatException(source, 1, null, "empty file, " + expected, null);
        }
        if (rec.kind() == CsvRecord.Kind.MALFORMED) {
            throw new NliFormatException(source, rec.firstLine(), null,
                    "malformed header (" + rec.problem() + "), " + expected, null);
        }
        List<String> names = new ArrayList<>();
        for (String f : rec.fields()) {
            names.add(f.trim());
        }
        for (NliFormat format : NliFormat.values()) {
            if (format.columns().equals(names)) {
                return format;
            }
        }
        String found = String.join(",", rec.fields());
        if (found.length() > 200) {
            found = found.substring(0, 200) + "...";
        }
        throw new NliFormatException(source, rec.firstLine(), null, expected + ", found '" + found + "'", null);
    }

    /** Null when the record is a good row, else why not. */
    private static BadRow check(CsvRecord rec, NliFormat format) {
        int first = rec.firstLine();
        int last = rec.lastLine();
        if (rec.kind() == CsvRecord.Kind.MALFORMED) {
            return new BadRow(first, last, BadRowReason.BROKEN_QUOTING, rec.problem());
        }
        String[] f = rec.fields();
        if (f.length != format.width()) {
            BadRowReason reason = f.length < format.width() ? BadRowReason.MISSING_FIELD : BadRowReason.EXTRA_FIELD;
            return new BadRow(first, last, reason, "expected " + format.width() + " fields ("
                    + format.headerLine() + "), found " + f.length);
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].isBlank()) {
                return new BadRow(first, last, BadRowReason.EMPTY_TEXT,
                        "field " + format.columns().get(i) + " is empty");
            }
        }
        return null;
    }
}
