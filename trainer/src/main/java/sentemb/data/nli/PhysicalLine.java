package sentemb.data.nli;

/**
 * One physical line of a text file: its 1-based number, its text without the line
 * terminator, and the terminator itself ({@code "\n"}, {@code "\r\n"}, or {@code "\r"} /
 * {@code ""} for a last line without LF). The terminator is kept because a quoted CSV field that spans
 * lines contains it verbatim.
 */
record PhysicalLine(int number, String text, String terminator) {}
