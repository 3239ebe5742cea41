package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One TREC split, as SentEval's trec.py reads it: latin-1 lines {@code COARSE:fine question};
 * the coarse label is the class, the fine label (up to the first space) is dropped.
 */
final class TrecReader {
    private TrecReader() {}

    /** SentEval's class ids. */
    static final Map<String, Integer> CLASSES =
            Map.of("ABBR", 0, "DESC", 1, "ENTY", 2, "HUM", 3, "LOC", 4, "NUM", 5);

    static LabeledSentences read(Path file) {
        List<String> lines = PythonText.textModeLines(TextFiles.read(file, StandardCharsets.ISO_8859_1));
        List<String> sentences = new ArrayList<>(lines.size());
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String stripped = PythonText.strip(line);
            int colon = stripped.indexOf(':');
            if (colon < 0) {
                throw TransferDataException.atLine(file, i + 1, "expected 'COARSE:fine question'", line);
            }
            String target = stripped.substring(0, colon);
            String sample = stripped.substring(colon + 1);
            int space = sample.indexOf(' ');
            if (space < 0) {
                throw TransferDataException.atLine(file, i + 1, "expected a space after the fine label", line);
            }
            Integer label = CLASSES.get(target);
            if (label == null) {
                throw TransferDataException.atLine(file, i + 1,
                        "unknown coarse label '" + target + "', expected one of " + CLASSES.keySet(), line);
            }
            sentences.add(PythonText.normalizeSpaces(sample.substring(space + 1)));
            labels[i] = label;
        }
        if (lines.isEmpty()) {
            throw new TransferDataException(file + ": no samples");
        }
        return new LabeledSentences(sentences, labels).sortedLikeSentEval();
    }
}
