package sentemb.data.nli;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict, streaming RFC 4180 record parser over physical lines.
 *
 * <p>Rules: fields are separated by commas; a field that starts with {@code "} is quoted,
 * ends at the next lone {@code "}, may contain commas, doubled quotes ({@code ""} → {@code "})
 * and line breaks (kept verbatim, LF or CRLF as in the file), and must be followed by a
 * comma or the end of the line. A {@code "} inside an unquoted field, anything after a
 * closing quote other than a comma, and a quote still open at end of input make the
 * record {@link CsvRecord.Kind#MALFORMED}. An empty physical line is
 * {@link CsvRecord.Kind#BLANK}.
 *
 * <p>Recovery: after a malformed record that spanned several physical lines, parsing
 * resumes at the line after the record's first line (those lines are re-read), so one
 * stray quote cannot swallow the rest of the file and every later line is still checked
 * and reported on its own.
 */
final class CsvRecordParser {
    private final PhysicalLineReader reader;
    private final ArrayDeque<PhysicalLine> pushedBack = new ArrayDeque<>();
    private final List<PhysicalLine> consumed = new ArrayList<>();
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();

    CsvRecordParser(PhysicalLineReader reader) {
        this.reader = reader;
    }

    /** The next record, or null at end of input. */
    CsvRecord next() throws IOException {
        PhysicalLine first = nextLine();
        if (first == null) {
            return null;
        }
        String text = first.text();
        if (text.isEmpty()) {
            return CsvRecord.blank(first.number());
        }
        if (text.indexOf('"') < 0) {
            return CsvRecord.fields(first.number(), first.number(), splitUnquoted(text));
        }
        return parseQuoted(first);
    }

    private PhysicalLine nextLine() throws IOException {
        PhysicalLine line = pushedBack.pollFirst();
        return line != null ? line : reader.next();
    }

    /** Fast path: a line without any quote character is one record of plain fields. */
    private static String[] splitUnquoted(String text) {
        int count = 1;
        for (int i = text.indexOf(','); i >= 0; i = text.indexOf(',', i + 1)) {
            count++;
        }
        String[] out = new String[count];
        int start = 0;
        for (int k = 0; k < count - 1; k++) {
            int comma = text.indexOf(',', start);
            out[k] = text.substring(start, comma);
            start = comma + 1;
        }
        out[count - 1] = text.substring(start);
        return out;
    }

    /** General path: a record with at least one quote character, possibly spanning lines. */
    private CsvRecord parseQuoted(PhysicalLine first) throws IOException {
        consumed.clear();
        consumed.add(first);
        fields.clear();
        PhysicalLine line = first;
        String text = line.text();
        int pos = 0;
        while (true) {
            if (pos < text.length() && text.charAt(pos) == '"') {
                field.setLength(0);
                int openedOn = line.number();
                pos++;
                while (true) {
                    int quote = text.indexOf('"', pos);
                    if (quote < 0) {
                        // The quoted field continues on the next physical line.
                        field.append(text, pos, text.length()).append(line.terminator());
                        line = nextLine();
                        if (line == null) {
                            return malformed(first, consumed.get(consumed.size() - 1),
                                    "quoted field opened on line " + openedOn
                                            + " is never closed (end of file reached)");
                        }
                        consumed.add(line);
                        text = line.text();
                        pos = 0;
                        continue;
                    }
                    field.append(text, pos, quote);
                    if (quote + 1 < text.length() && text.charAt(quote + 1) == '"') {
                        field.append('"');
                        pos = quote + 2;
                        continue;
                    }
                    pos = quote + 1;
                    break;
                }
                fields.add(field.toString());
                if (pos == text.length()) {
                    break;
                }
                char c = text.charAt(pos);
                if (c != ',') {
                    String quoted = openedOn == line.number()
                            ? "the quoted field on line " + openedOn
                            : "the quoted field opened on line " + openedOn + " and closed on line " + line.number();
                    return malformed(first, line, "unexpected character '" + printable(c) + "' after " + quoted
                            + " (expected ',' or end of line; a quote inside a quoted field must be doubled)");
                }
                pos++;
            } else {
                int comma = text.indexOf(',', pos);
                int end = comma < 0 ? text.length() : comma;
                int quote = text.indexOf('"', pos);
                if (quote >= 0 && quote < end) {
                    return malformed(first, line, "quote character inside an unquoted field on line "
                            + line.number() + " (a field containing quotes must itself be quoted)");
                }
                fields.add(text.substring(pos, end));
                if (comma < 0) {
                    break;
                }
                pos = comma + 1;
            }
            if (pos == text.length()) {
                fields.add(""); // a trailing comma ends with one more, empty, field
                break;
            }
        }
        return CsvRecord.fields(first.number(), line.number(), fields.toArray(new String[0]));
    }

    private CsvRecord malformed(PhysicalLine first, PhysicalLine last, String problem) {
        // Re-read every line after the first: they may hold valid records of their own.
        for (int i = consumed.size() - 1; i >= 1; i--) {
            pushedBack.addFirst(consumed.get(i));
        }
        return CsvRecord.malformed(first.number(), last.number(), problem);
    }

    private static String printable(char c) {
        return c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
