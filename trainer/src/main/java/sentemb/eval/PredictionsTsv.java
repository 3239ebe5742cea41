package sentemb.eval;

import sentemb.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One line per pair: {@code subset, sentence1, sentence2, gold, cosine}, tab-separated with a
 * header line. Backslash, tab, newline and carriage return inside a sentence are written as
 * {@code \\ \t \n \r}, so every pair stays on one line with five fields.
 */
public final class PredictionsTsv {
    private PredictionsTsv() {}

    public static final String HEADER = "subset\tsentence1\tsentence2\tgold\tcosine";

    public static String format(List<ScoredPair> pairs) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (ScoredPair p : pairs) {
            sb.append(escape(p.subset())).append('\t')
                    .append(escape(p.sentence1())).append('\t')
                    .append(escape(p.sentence2())).append('\t')
                    .append(p.gold()).append('\t')
                    .append(p.cosine()).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, List<ScoredPair> pairs) throws IOException {
        AtomicFiles.writeString(file, format(pairs));
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
