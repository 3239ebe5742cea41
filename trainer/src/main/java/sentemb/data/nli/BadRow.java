package sentemb.data.nli;

/**
 * One rejected row: the physical line it starts on (1-based, counting the header as
 * line 1), the last physical line it covers, why it was rejected and a readable detail.
 */
public record BadRow(int line, int lastLine, BadRowReason reason, String detail) {

    @Override
    public String toString() {
        String where = lastLine == line ? "line " + line : "lines " + line + "-" + lastLine;
        return where + ": " + reason + " (" + detail + ")";
    }
}
