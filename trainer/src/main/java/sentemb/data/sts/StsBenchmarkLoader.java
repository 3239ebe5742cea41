package sentemb.data.sts;

import sentemb.text.PythonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an STS Benchmark file ({@code sts-train.csv}, {@code sts-dev.csv},
 * {@code sts-test.csv}) the way SentEval's {@code STSBenchmarkEval.loadFile} does: each
 * text-mode line is {@code strip()}ped and split on tabs; field 4 is the score, fields 5
 * and 6 the sentences. There is no CSV quoting: quotes are ordinary characters (several
 * sentences hold unbalanced ones) and the two source columns some rows carry are ignored.
 */
public final class StsBenchmarkLoader {
    private StsBenchmarkLoader() {}

    private static final int FIELDS = 7; // genre, file, year, id, score, sentence1, sentence2

    public static Path file(Path stsbDir, StsSplit split) {
        return stsbDir.resolve("sts-" + split.label() + ".csv");
    }

    /** Loads one split file; the subset is named after the split. */
    public static StsSubset load(Path csv, StsSplit split) {
        List<String> lines;
        try {
            lines = PythonText.textModeLines(Utf8Files.readUtf8(csv));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        List<StsPair> pairs = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            List<String> t = PythonText.split(PythonText.strip(lines.get(i)), '\t');
            if (t.size() < FIELDS) {
                throw new StsFormatException(csv, i + 1, "at least 7 tab-separated fields (genre, file, year, id, "
                        + "score, sentence1, sentence2) but found " + t.size());
            }
            double score = GoldScores.parse(t.get(4), csv, i + 1, GoldScores.STS_RANGE);
            pairs.add(new StsPair(PythonText.normalizeSpaces(t.get(5)), PythonText.normalizeSpaces(t.get(6)), score,
                    new SourceLine(csv, i + 1)));
        }
        if (pairs.isEmpty()) {
            throw new StsFormatException(csv, 0, "at least one sentence pair but the file is empty");
        }
        return new StsSubset(split.label(), pairs);
    }
}
