package sentemb.eval.icl;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import sentemb.text.Demonstration;

/**
 * Reads a pool of candidate demonstrations: UTF-8, tab-separated, header
 * {@code sentence<TAB>word} or {@code sentence<TAB>word<TAB>source}, one candidate per line.
 * Blank lines and lines starting with {@code #} are skipped. Without a source column every
 * row's source is {@value #DEFAULT_SOURCE}.
 *
 * <p>Checked per row (a violation is an {@link IclPoolFormatException} naming file and line):
 * the column count matches the header; the sentence is non-empty and has no leading or
 * trailing whitespace (it would silently change the prompt); the word is one word in the
 * paper's sense (letters and digits, inner hyphens or apostrophes allowed, as in
 * {@code Horseback-riding}); {@link Demonstration}'s own rules hold; a source that is a preset
 * name carries exactly that preset; no (sentence, word) pair appears twice.
 */
public final class DemonstrationPool {
    /** The project's shipped pool, relative to the repository root. */
    public static final String SHIPPED_POOL = "data/icl-pool.tsv";

    /** Source of rows in a pool without a source column. */
    public static final String DEFAULT_SOURCE = "pool";

    private static final String SENTENCE = "sentence";
    private static final String WORD = "word";
    private static final String SOURCE = "source";
    private static final Pattern ONE_WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:[-'][\\p{L}\\p{N}]+)*");
    private static final Pattern SOURCE_LABEL = Pattern.compile("\\S+");

    private DemonstrationPool() {}

    /** All candidates of the file, in file order. */
    public static List<PoolEntry> load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("demonstration pool " + file + " does not exist or is not a file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IclPoolFormatException(file, "not valid UTF-8");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read demonstration pool " + file + ": " + e.getMessage(), e);
        }
        int columns = 0;
        List<PoolEntry> entries = new ArrayList<>();
        Map<Demonstration, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = i == 0 ? stripBom(lines.get(i)) : lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (columns == 0) {
                columns = headerColumns(file, lineNo, line, cells);
                continue;
            }
            if (cells.length != columns) {
                throw new IclPoolFormatException(file, lineNo, "expected " + columns + " tab-separated columns ("
                        + (columns == 3 ? "sentence, word, source" : "sentence, word") + "), found " + cells.length);
            }
            PoolEntry e = entry(file, lineNo, cells);
            Integer earlier = seen.putIfAbsent(e.demonstration(), lineNo);
            if (earlier != null) {
                throw new IclPoolFormatException(file, lineNo, "duplicate of line " + earlier + " (\""
                        + e.demonstration().sentence() + "\" -> " + e.demonstration().word() + ")");
            }
            entries.add(e);
        }
        if (columns == 0) {
            throw new IclPoolFormatException(file, "empty: expected the header \"sentence<TAB>word[<TAB>source]\"");
        }
        if (entries.isEmpty()) {
            throw new IclPoolFormatException(file, "has a header but no candidate rows");
        }
        return List.copyOf(entries);
    }

    private static int headerColumns(Path file, int lineNo, String line, String[] cells) {
        boolean two = cells.length == 2 && cells[0].equals(SENTENCE) && cells[1].equals(WORD);
        boolean three = cells.length == 3 && cells[0].equals(SENTENCE) && cells[1].equals(WORD) && cells[2].equals(SOURCE);
        if (!two && !three) {
            throw new IclPoolFormatException(file, lineNo, "expected the header \"sentence<TAB>word\" or "
                    + "\"sentence<TAB>word<TAB>source\", found \"" + line.replace("\t", "<TAB>") + "\"");
        }
        return cells.length;
    }

    private static PoolEntry entry(Path file, int lineNo, String[] cells) {
        String sentence = cells[0];
        String word = cells[1];
        String source = cells.length == 3 ? cells[2] : DEFAULT_SOURCE;
        if (sentence.isBlank()) {
            throw new IclPoolFormatException(file, lineNo, "empty sentence");
        }
        if (!sentence.equals(sentence.strip())) {
            throw new IclPoolFormatException(file, lineNo, "sentence \"" + sentence + "\" has leading or trailing whitespace");
        }
        if (!ONE_WORD.matcher(word).matches()) {
            throw new IclPoolFormatException(file, lineNo, "word \"" + word + "\" is not one word: expected letters or "
                    + "digits, with inner hyphens or apostrophes allowed (e.g. Horseback-riding), and no spaces");
        }
        if (!SOURCE_LABEL.matcher(source).matches()) {
            throw new IclPoolFormatException(file, lineNo, "source \"" + source + "\" must be one non-empty label "
                    + "without spaces (a preset name such as opt-125m, or sentemb)");
        }
        Demonstration d;
        try {
            d = new Demonstration(sentence, word);
        } catch (IllegalArgumentException e) {
            throw new IclPoolFormatException(file, lineNo, e.getMessage());
        }
        if (Demonstration.presetNames().contains(source) && !Demonstration.preset(source).equals(d)) {
            Demonstration p = Demonstration.preset(source);
            throw new IclPoolFormatException(file, lineNo, "source " + source + " names a preset, but the preset is \""
                    + p.sentence() + "\" -> " + p.word() + ", not \"" + sentence + "\" -> " + word);
        }
        return new PoolEntry(d, source, lineNo);
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
