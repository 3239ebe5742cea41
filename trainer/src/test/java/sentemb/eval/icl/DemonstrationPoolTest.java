package sentemb.eval.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sentemb.TestPaths;
import sentemb.text.Demonstration;

class DemonstrationPoolTest {

    @TempDir
    Path tmp;

    @Test
    void shippedPoolLoadsWithEveryPresetUnderItsName() {
        Path file = TestPaths.repoRoot().resolve(DemonstrationPool.SHIPPED_POOL);
        List<PoolEntry> pool = DemonstrationPool.load(file);
        assertTrue(pool.size() >= 30 && pool.size() <= 40, "pool size " + pool.size());
        for (String preset : Demonstration.presetNames()) {
            List<PoolEntry> rows = pool.stream().filter(e -> e.source().equals(preset)).toList();
            assertEquals(1, rows.size(), preset);
            assertEquals(Demonstration.preset(preset), rows.get(0).demonstration(), preset);
        }
        Set<String> allowed = new HashSet<>(Demonstration.presetNames());
        allowed.add("sentemb");
        for (PoolEntry e : pool) {
            assertTrue(allowed.contains(e.source()), e.source());
        }
        assertTrue(pool.stream().filter(e -> e.source().equals("sentemb")).count() >= 22);
        // line numbers point into the file: header is line 1
        assertEquals(2, pool.get(0).line());
    }

    /** The project's own sentences must not be STS-B sentences: the search selects on STS-B dev. */
    @Test
    void projectSentencesAreNotStsbSentences() throws IOException {
        Path stsb = TestPaths.sharedData().resolve("downstream/STS/STSBenchmark");
        Set<String> sentences = new HashSet<>();
        for (String split : List.of("train", "dev", "test")) {
            for (String line : Files.readAllLines(stsb.resolve("sts-" + split + ".csv"), StandardCharsets.UTF_8)) {
                String[] c = line.split("\t");
                if (c.length >= 7) {
                    sentences.add(c[5].strip().toLowerCase(Locale.ROOT));
                    sentences.add(c[6].strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        assertTrue(sentences.size() > 10_000, "read " + sentences.size() + " STS-B sentences");
        List<PoolEntry> pool = DemonstrationPool.load(TestPaths.repoRoot().resolve(DemonstrationPool.SHIPPED_POOL));
        for (PoolEntry e : pool) {
            if (e.source().equals("sentemb")) {
                assertFalse(sentences.contains(e.demonstration().sentence().toLowerCase(Locale.ROOT)),
                        e.demonstration().sentence());
            }
        }
        // the check can fire: the paper's opt-125m preset is an STS-B sentence
        assertTrue(sentences.contains("a man is smoking."));
    }

    @Test
    void twoColumnPoolCommentsAndBlankLines() throws IOException {
        Path f = write("# my pool\n\nsentence\tword\nA cat sleeps.\tNapping\n\n# more\nA dog barks.\tBarking\n");
        List<PoolEntry> pool = DemonstrationPool.load(f);
        assertEquals(List.of(new PoolEntry(new Demonstration("A cat sleeps.", "Napping"), "pool", 4),
                new PoolEntry(new Demonstration("A dog barks.", "Barking"), "pool", 7)), pool);
    }

    @Test
    void wordsMayHaveInnerHyphensAndApostrophes() throws IOException {
        Path f = write("sentence\tword\tsource\nThe man is riding a horse.\tHorseback-riding\topt-6.7b\n"
                + "It is a child's toy.\tChild's\tsentemb\nTwo plus two.\t4\tsentemb\n");
        assertEquals(3, DemonstrationPool.load(f).size());
    }

    static Stream<Arguments> malformed() {
        String h = "sentence\tword\tsource\n";
        return Stream.of(
                Arguments.of("", 0, "empty"),
                Arguments.of("sentence\tword\tsource\n", 0, "no candidate rows"),
                Arguments.of("sentence,word\nA cat.\tCat\n", 1, "expected the header"),
                Arguments.of("sentence\tmeaning\n", 1, "expected the header"),
                Arguments.of(h + "A cat sleeps.\tNapping\tsentemb\nA dog barks.\tBarking\n", 3, "expected 3 tab-separated columns"),
                Arguments.of(h + "A cat sleeps.\tNapping\tsentemb\textra\n", 2, "found 4"),
                Arguments.of(h + "\tNapping\tsentemb\n", 2, "empty sentence"),
                Arguments.of(h + " A cat sleeps.\tNapping\tsentemb\n", 2, "leading or trailing whitespace"),
                Arguments.of(h + "A cat sleeps.\tCat nap\tsentemb\n", 2, "is not one word"),
                Arguments.of(h + "A cat sleeps.\t\tsentemb\n", 2, "is not one word"),
                Arguments.of(h + "A cat sleeps.\t\"Nap\"\tsentemb\n", 2, "is not one word"),
                Arguments.of(h + "A cat sleeps.\t-Nap\tsentemb\n", 2, "is not one word"),
                Arguments.of(h + "A cat sleeps.\tNapping\t\n", 2, "source \"\""),
                Arguments.of(h + "A cat_sleeps.\tNapping\tsentemb\n", 2, "contains '_'"),
                Arguments.of(h + "A man is smoking.\tTobacco\topt-125m\n", 2, "names a preset"),
                Arguments.of(h + "A cat sleeps.\tNapping\tsentemb\n# c\nA cat sleeps.\tNapping\tother\n", 4, "duplicate of line 2"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedPoolNamesFileAndLine(String content, int line, String problem) throws IOException {
        Path f = write(content);
        IclPoolFormatException e = assertThrows(IclPoolFormatException.class, () -> DemonstrationPool.load(f));
        String where = line > 0 ? f + ":" + line + ": " : f + ": ";
        assertTrue(e.getMessage().startsWith(where), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingFileAndBadEncoding() throws IOException {
        Path absent = tmp.resolve("absent.tsv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DemonstrationPool.load(absent));
        assertTrue(e.getMessage().contains(absent.toString()), e.getMessage());
        Path latin1 = tmp.resolve("latin1.tsv");
        Files.write(latin1, "sentence\tword\nUn caf\u00e9.\tCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IclPoolFormatException.class, () -> DemonstrationPool.load(latin1));
        assertTrue(e.getMessage().startsWith(latin1 + ": not valid UTF-8"), e.getMessage());
    }

    private Path write(String content) throws IOException {
        Path f = Files.createTempFile(tmp, "pool", ".tsv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }
}
