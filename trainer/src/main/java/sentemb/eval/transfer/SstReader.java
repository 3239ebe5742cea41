package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One SST binary split, as SentEval's sst.py reads it: UTF-8, one {@code phrase<TAB>label}
 * per line (extra TAB fields ignored), label 0 or 1.
 */
final class SstReader {
    private SstReader() {}

    static LabeledSentences read(Path file) {
        List<String> lines = PythonText.textModeLines(TextFiles.read(file, StandardCharsets.UTF_8));
        List<String> sentences = new ArrayList<>(lines.size());
        int[] labels = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] fields = PythonText.strip(line).split("\t", -1);
            if (fields.length < 2) {
                throw TransferDataException.atLine(file, i + 1, "expected 'phrase<TAB>label'", line);
            }
            labels[i] = Labels.parseBinary(fields[1], file, i + 1, line);
            sentences.add(PythonText.normalizeSpaces(fields[0]));
        }
        if (lines.isEmpty()) {
            throw new TransferDataException(file + ": no samples");
        }
        return new LabeledSentences(sentences, labels).sortedLikeSentEval();
    }
}
