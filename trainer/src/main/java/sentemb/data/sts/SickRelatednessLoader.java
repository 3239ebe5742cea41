package sentemb.data.sts;

import sentemb.text.PythonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SICK file the way SentEval's {@code SICKRelatednessEval.loadFile} does: the first
 * line (the header) is skipped whatever it holds; every other text-mode line is
 * {@code strip()}ped and split on tabs, fields 1 and 2 are the sentences and field 3 the
 * relatedness score. Splits: train = {@code SICK_train.txt}, dev = {@code SICK_trial.txt},
 * test = {@code SICK_test_annotated.txt}.
 */
public final class SickRelatednessLoader {
    private SickRelatednessLoader() {}

    private static final int FIELDS = 4; // pair_ID, sentence_A, sentence_B, relatedness_score

    public static Path file(Path sickDir, StsSplit split) {
        return sickDir.resolve(switch (split) {
            case TRAIN -> "SICK_train.txt";
            case DEV -> "SICK_trial.txt";
            case TEST -> "SICK_test_annotated.txt";
        });
    }

    /** Loads one split file; the subset is named after the split. */
    public static StsSubset load(Path file, StsSplit split) {
        List<String> lines;
        try {
            lines = PythonText.textModeLines(Utf8Files.readUtf8(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<StsPair> pairs = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            List<String> t = PythonText.split(PythonText.strip(lines.get(i)), '\t');
            if (t.size() < FIELDS) {
                throw new StsFormatException(file, i + 1, "at least 4 tab-separated fields (pair_ID, sentence_A, "
                        + "sentence_B, relatedness_score) but found " + t.size());
            }
            double score = GoldScores.parse(t.get(3), file, i + 1, GoldScores.SICK_RANGE);
            pairs.add(new StsPair(PythonText.normalizeSpaces(t.get(1)), PythonText.normalizeSpaces(t.get(2)), score,
                    new SourceLine(file, i + 1)));
        }
        if (pairs.isEmpty()) {
            throw new StsFormatException(file, 0, "a header line and at least one sentence pair");
        }
        return new StsSubset(split.label(), pairs);
    }
}
