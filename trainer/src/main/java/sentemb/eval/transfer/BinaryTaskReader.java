package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MR / CR / SUBJ / MPQA, as SentEval's binary.py reads them: latin-1, {@code splitlines()},
 * every line a sample (blank lines become empty sentences), first file label 1, second 0.
 */
final class BinaryTaskReader {
    private BinaryTaskReader() {}

    static LabeledSentences read(Path labelOneFile, Path labelZeroFile) {
        List<String> a = sentences(labelOneFile);
        List<String> b = sentences(labelZeroFile);
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        int[] labels = new int[all.size()];
        for (int i = 0; i < a.size(); i++) {
            labels[i] = 1;
        }
        return new LabeledSentences(all, labels).sortedLikeSentEval();
    }

    private static List<String> sentences(Path file) {
        List<String> out = new ArrayList<>();
        for (String line : PythonText.splitLines(TextFiles.read(file, StandardCharsets.ISO_8859_1))) {
            out.add(PythonText.normalizeSpaces(line));
        }
        return out;
    }
}
