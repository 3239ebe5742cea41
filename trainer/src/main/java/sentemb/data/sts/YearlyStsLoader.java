package sentemb.data.sts;

import sentemb.text.PythonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one STS12–16 subset the way SentEval's {@code STSEval.loadFile} does:
 * {@code STS.input.<subset>.txt} holds two tab-separated sentences per line and
 * {@code STS.gs.<subset>.txt} the gold score of the same line; both are read as UTF-8 and
 * cut with Python's {@code str.splitlines()}, and lines whose gold is the empty string are
 * dropped (STS16 and some other subsets leave unscored pairs blank).
 *
 * <p>Differences, all on input SentEval itself cannot evaluate: a line count mismatch, a
 * line with fewer than two fields, or a subset with no scored pair raise a
 * {@link StsFormatException} here (SentEval fails with a numpy/unpacking error). Extra
 * fields after the second are ignored, as SentEval does as long as one line has only two.
 * SentEval sorts pairs by length before batching; correlations do not depend on order, so
 * file order is kept.
 */
public final class YearlyStsLoader {
    private YearlyStsLoader() {}

    public static Path inputFile(Path taskDir, String subset) {
        return taskDir.resolve("STS.input." + subset + ".txt");
    }

    public static Path goldFile(Path taskDir, String subset) {
        return taskDir.resolve("STS.gs." + subset + ".txt");
    }

    /** Loads one subset; both files must exist. */
    public static StsSubset load(Path taskDir, String subset) {
        Path input = inputFile(taskDir, subset);
        Path gold = goldFile(taskDir, subset);
        List<String> inputLines;
        List<String> goldLines;
        try {
            inputLines = PythonText.splitLines(Utf8Files.readUtf8(input));
            goldLines = PythonText.splitLines(Utf8Files.readUtf8(gold));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read STS subset " + subset + " in " + taskDir, e);
        }
        if (inputLines.size() != goldLines.size()) {
            throw new StsFormatException(gold, 0, "one gold line per line of " + input.getFileName()
                    + " (" + inputLines.size() + ") but found " + goldLines.size());
        }
        List<StsPair> pairs = new ArrayList<>();
        for (int i = 0; i < inputLines.size(); i++) {
            List<String> fields = PythonText.split(inputLines.get(i), '\t');
            if (fields.size() < 2) {
                throw new StsFormatException(input, i + 1,
                        "two tab-separated sentences but found " + fields.size() + " field");
            }
            String rawGold = goldLines.get(i);
            if (rawGold.isEmpty()) {
                continue; // SentEval: not_empty_idx = raw_scores != ''
            }
            double score = GoldScores.parse(rawGold, gold, i + 1, GoldScores.STS_RANGE);
            pairs.add(new StsPair(PythonText.normalizeSpaces(fields.get(0)),
                    PythonText.normalizeSpaces(fields.get(1)), score, new SourceLine(input, i + 1)));
        }
        if (pairs.isEmpty()) {
            throw new StsFormatException(gold, 0, "at least one scored pair but every gold line is empty");
        }
        return new StsSubset(subset, pairs);
    }
}
