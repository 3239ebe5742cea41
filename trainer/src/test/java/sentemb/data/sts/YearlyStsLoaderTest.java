package sentemb.data.sts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** STS12–16 reading, against the synthetic SentEval folder and Python's reading of it. */
class YearlyStsLoaderTest {

    private static final JsonNode EXPECTED = StsFixtures.expected();

    @Test
    void fixtureSubsetsMatchPythonReading() {
        StsDataLoader loader = new StsDataLoader(StsFixtures.syntheticDownstream());
        for (StsTask task : List.of(StsTask.STS12, StsTask.STS13)) {
            StsDataset d = assertInstanceOf(StsLoadResult.Loaded.class, loader.load(task, StsSplit.TEST)).dataset();
            assertEquals(task.subsets(), d.subsets().stream().map(StsSubset::name).toList());
            for (StsSubset s : d.subsets()) {
                JsonNode e = EXPECTED.get(task.taskName()).get("subsets").get(s.name());
                assertEquals(StsFixtures.strings(e.get("sentence1")), s.pairs().stream().map(StsPair::sentence1).toList(), s.name());
                assertEquals(StsFixtures.strings(e.get("sentence2")), s.pairs().stream().map(StsPair::sentence2).toList(), s.name());
                double[] gold = s.pairs().stream().mapToDouble(StsPair::gold).toArray();
                assertArrayEquals(StsFixtures.doubles(e.get("gold")), gold, s.name());
                assertEquals(e.get("pairs").asInt(), s.pairs().size());
            }
        }
    }

    @Test
    void quirksByHand() {
        Path sts12 = StsFixtures.syntheticDownstream().resolve("STS/STS12-en-test");
        // MSRpar: 9 CRLF lines, gold lines 3 and 7 empty -> 7 pairs
        assertEquals(7, YearlyStsLoader.load(sts12, "MSRpar").pairs().size());
        // MSRvid line 1: "  A man<NBSP>is   playing  a guitar. " -> single spaces, NBSP is whitespace to Python
        StsPair first = YearlyStsLoader.load(sts12, "MSRvid").pairs().get(0);
        assertEquals("A man is playing a guitar.", first.sentence1());
        // SMTeuroparl: a third column on some lines is ignored; gold " 3.2" parses as 3.2
        StsSubset euro = YearlyStsLoader.load(sts12, "SMTeuroparl");
        assertEquals(9, euro.pairs().size());
        assertEquals(3.2, euro.pairs().get(1).gold());
        assertTrue(euro.pairs().stream().noneMatch(p -> p.sentence2().contains("source-")));
        // surprise.SMTnews: input without final newline, one empty gold -> 8 pairs
        assertEquals(8, YearlyStsLoader.load(sts12, "surprise.SMTnews").pairs().size());
    }

    @Test
    void emptyGoldLinesAreSkipped(@TempDir Path dir) throws Exception {
        write(dir, "FNWN", "a b\tc d\ne f\tg h\ni j\tk l\n", "1.0\n\n3.5\n");
        StsSubset s = YearlyStsLoader.load(dir, "FNWN");
        // the pairs name their line of the input file (line 2, unscored, is dropped)
        Path input = YearlyStsLoader.inputFile(dir, "FNWN");
        assertEquals(List.of(new StsPair("a b", "c d", 1.0, new SourceLine(input, 1)),
                new StsPair("i j", "k l", 3.5, new SourceLine(input, 3))), s.pairs());
    }

    @Test
    void absentTaskOrSubsetIsMissingWithItsFiles(@TempDir Path dir) throws Exception {
        StsDataLoader loader = new StsDataLoader(dir);
        StsLoadResult none = loader.load(StsTask.STS14, StsSplit.TEST);
        StsLoadResult.Missing m = assertInstanceOf(StsLoadResult.Missing.class, none);
        assertEquals(12, m.missingFiles().size()); // six subsets x (input, gold)
        assertTrue(m.missingFiles().contains(dir.resolve("STS/STS14-en-test/STS.gs.tweet-news.txt")));

        Path sts13 = dir.resolve("STS/STS13-en-test");
        write(sts13, "FNWN", "a\tb\nc\td\n", "1\n2\n");
        write(sts13, "headlines", "a\tb\nc\td\n", "1\n2\n");
        Files.writeString(YearlyStsLoader.inputFile(sts13, "OnWN"), "a\tb\nc\td\n");
        StsLoadResult.Missing partial = assertInstanceOf(StsLoadResult.Missing.class, loader.load(StsTask.STS13, StsSplit.TEST));
        assertEquals(List.of(sts13.resolve("STS.gs.OnWN.txt")), partial.missingFiles());
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws Exception {
        write(dir, "OnWN", "a\tb\nc d e\nf\tg\n", "1\n2\n3\n");
        StsFormatException e = assertThrows(StsFormatException.class, () -> YearlyStsLoader.load(dir, "OnWN"));
        assertEquals(YearlyStsLoader.inputFile(dir, "OnWN"), e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("STS.input.OnWN.txt:2") && e.getMessage().contains("two tab-separated"),
                e.getMessage());

        write(dir, "OnWN", "a\tb\nc\td\n", "1\nhigh\n");
        StsFormatException gold = assertThrows(StsFormatException.class, () -> YearlyStsLoader.load(dir, "OnWN"));
        assertEquals(YearlyStsLoader.goldFile(dir, "OnWN"), gold.file());
        assertEquals(2, gold.line());

        write(dir, "OnWN", "a\tb\nc\td\n", "1\n");
        StsFormatException count = assertThrows(StsFormatException.class, () -> YearlyStsLoader.load(dir, "OnWN"));
        assertTrue(count.getMessage().contains("(2) but found 1"), count.getMessage());
    }

    @Test
    void yearlyTasksHaveOnlyATestSplit() {
        StsDataLoader loader = new StsDataLoader(StsFixtures.syntheticDownstream());
        assertThrows(IllegalArgumentException.class, () -> loader.load(StsTask.STS12, StsSplit.DEV));
    }

    private static void write(Path dir, String subset, String input, String gold) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(YearlyStsLoader.inputFile(dir, subset), input);
        Files.writeString(YearlyStsLoader.goldFile(dir, subset), gold);
    }
}
