package sentemb.data.sts;

import java.nio.file.Path;

/** Where a sentence pair was read: its file and 1-based line, for error messages ({@code file:line}). */
public record SourceLine(Path file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
