package sentemb.data.nli;

/**
 * One logical CSV record as {@link CsvRecordParser} sees it: the physical lines it
 * occupies and either its fields, or why it is not a valid RFC 4180 record, or that the
 * line was blank.
 */
record CsvRecord(Kind kind, int firstLine, int lastLine, String[] fields, String problem) {

    enum Kind { FIELDS, BLANK, MALFORMED }

    static CsvRecord fields(int firstLine, int lastLine, String[] fields) {
        return new CsvRecord(Kind.FIELDS, firstLine, lastLine, fields, null);
    }

    static CsvRecord blank(int line) {
        return new CsvRecord(Kind.BLANK, line, line, null, null);
    }

    static CsvRecord malformed(int firstLine, int lastLine, String problem) {
        return new CsvRecord(Kind.MALFORMED, firstLine, lastLine, null, problem);
    }
}
