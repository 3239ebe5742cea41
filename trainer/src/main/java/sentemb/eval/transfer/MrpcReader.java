package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One MRPC split, as SentEval's mrpc.py reads it: UTF-8 (the BOM stays in the header line),
 * universal newlines (CRLF), TAB fields {@code Quality, #1 ID, #2 ID, #1 String, #2 String};
 * the first line is the header and is dropped.
 */
final class MrpcReader {
    private MrpcReader() {}

    static SentencePairs read(Path file) {
        List<String> lines = PythonText.textModeLines(TextFiles.read(file, StandardCharsets.UTF_8));
        if (lines.isEmpty()) {
            throw new TransferDataException(file + ": empty, expected a header line and sentence pairs");
        }
        // SentEval drops line 1 whatever it holds; we check it is the header so that a file
        // without one does not silently lose a pair.
        String header = PythonText.strip(lines.get(0));
        if (header.startsWith("\uFEFF")) {
            header = header.substring(1);
        }
        if (!header.startsWith("Quality\t")) {
            throw TransferDataException.atLine(file, 1, "expected the header 'Quality<TAB>#1 ID<TAB>...'",
                    lines.get(0));
        }
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        int[] labels = new int[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            String[] fields = PythonText.strip(line).split("\t", -1);
            if (fields.length < 5) {
                throw TransferDataException.atLine(file, i + 1,
                        "expected 5 TAB-separated fields (Quality, #1 ID, #2 ID, #1 String, #2 String), got "
                                + fields.length, line);
            }
            labels[i - 1] = Labels.parseBinary(fields[0], file, i + 1, line);
            a.add(PythonText.normalizeSpaces(fields[3]));
            b.add(PythonText.normalizeSpaces(fields[4]));
        }
        return new SentencePairs(a, b, labels).sortedLikeSentEval();
    }
}
