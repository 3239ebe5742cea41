package sentemb.data.sts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The STS-B loader on the real files, checked against SentEval-style reading in Python. */
class StsBenchmarkLoaderTest {

    private static final JsonNode EXPECTED = StsFixtures.expected().get("STSBenchmark");

    private static StsSubset load(StsSplit split) {
        return StsBenchmarkLoader.load(StsBenchmarkLoader.file(StsFixtures.realStsBenchmark(), split), split);
    }

    @Test
    void rowCountsGoldAndTextsMatchSentEvalReading() throws Exception {
        int[] counts = {5749, 1500, 1379};
        for (StsSplit split : StsSplit.values()) {
            StsSubset s = load(split);
            JsonNode e = EXPECTED.get(split.label());
            assertEquals(counts[split.ordinal()], s.pairs().size(), split.label());
            assertEquals(e.get("pairs").asInt(), s.pairs().size());
            assertEquals(split.label(), s.name());
            double goldSum = s.pairs().stream().mapToDouble(StsPair::gold).sum();
            assertEquals(e.get("goldSum").asDouble(), goldSum, 1e-9, split.label() + " gold sum");
            // every sentence, byte for byte, as Python's ' '.join(s.split()) gives it
            StringBuilder all = new StringBuilder();
            s.pairs().forEach(p -> all.append(p.sentence1()).append('\t').append(p.sentence2()).append('\n'));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(all.toString().getBytes(StandardCharsets.UTF_8));
            assertEquals(e.get("textSha256").asText(), HexFormat.of().formatHex(digest), split.label() + " texts");
            for (JsonNode row : e.get("rows")) {
                StsPair p = s.pairs().get(row.get("index").asInt());
                assertEquals(row.get("sentence1").asText(), p.sentence1());
                assertEquals(row.get("sentence2").asText(), p.sentence2());
                assertEquals(row.get("gold").asDouble(), p.gold());
            }
        }
    }

    @Test
    void spotRowsByHand() {
        // train line 5553 has two extra source columns after sentence2
        StsPair extra = load(StsSplit.TRAIN).pairs().get(5552);
        assertEquals("Driver backs into stroller with child, drives off", extra.sentence1());
        assertEquals("Driver backs into mom, stroller with child then drives off", extra.sentence2());
        assertEquals(4.0, extra.gold());
        assertEquals(new SourceLine(StsBenchmarkLoader.file(StsFixtures.realStsBenchmark(), StsSplit.TRAIN), 5553), extra.source());
        // test line 649: an unbalanced quote that a CSV reader would run into the next lines;
        // the row also carries the extra columns
        StsSubset test = load(StsSplit.TEST);
        StsPair quote = test.pairs().get(648);
        assertEquals("The rule - When in doubt throw it out!", quote.sentence1());
        assertEquals("I always go by the rule \"When in doubt, throw it out!", quote.sentence2());
        assertEquals(4.0, quote.gold());
        // dev line 687: a double space inside the sentence collapses, as str.split() does
        StsPair spaces = load(StsSplit.DEV).pairs().get(686);
        assertTrue(spaces.sentence1().startsWith("I believe one cannot"), spaces.sentence1());
        assertEquals(1.8, spaces.gold());
    }

    @Test
    void malformedRowNamesFileAndLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sts-test.csv");
        Files.writeString(csv, "g\tf\t2012\t1\t5.0\tA b.\tA c.\ng\tf\t2012\t2\t4.0\tonly one sentence\n");
        StsFormatException e = assertThrows(StsFormatException.class, () -> StsBenchmarkLoader.load(csv, StsSplit.TEST));
        assertEquals(csv, e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains(csv + ":2") && e.getMessage().contains("at least 7"), e.getMessage());

        Files.writeString(csv, "g\tf\t2012\t1\tfive\tA b.\tA c.\n");
        StsFormatException bad = assertThrows(StsFormatException.class, () -> StsBenchmarkLoader.load(csv, StsSplit.TEST));
        assertEquals(1, bad.line());
        assertTrue(bad.getMessage().contains("gold score") && bad.getMessage().contains("'five'"), bad.getMessage());
    }

    @Test
    void invalidUtf8IsReportedWithTheFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sts-dev.csv");
        Files.write(csv, new byte[] {'g', '\t', (byte) 0xff, '\n'});
        StsFormatException e = assertThrows(StsFormatException.class, () -> StsBenchmarkLoader.load(csv, StsSplit.DEV));
        assertTrue(e.getMessage().startsWith(csv.toString()) && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void invalidUtf8IsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sts-dev.csv");
        Files.write(csv, new byte[] {'a', '\n', 'b', '\r', '\n', 'c', '\t', (byte) 0xc3, '(', '\n'});
        StsFormatException e = assertThrows(StsFormatException.class, () -> StsBenchmarkLoader.load(csv, StsSplit.DEV));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(csv + ":3: ") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    /** STS-B gold scores run from 0 to 5: 7.5 or -3 is a broken file, named with its line (issue 10). */
    @Test
    void goldScoresOutsideTheTasksRangeAreRefused(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sts-test.csv");
        for (String gold : new String[] {"7.5", "-3"}) {
            Files.writeString(csv, "g\tf\t2012\t1\t5.000\tA b.\tA c.\ng\tf\t2012\t2\t" + gold + "\tA b.\tA d.\n");
            StsFormatException e = assertThrows(StsFormatException.class, () -> StsBenchmarkLoader.load(csv, StsSplit.TEST));
            assertEquals(2, e.line());
            assertTrue(e.getMessage().contains("a gold score from 0 to 5 but found " + gold), e.getMessage());
        }
    }
}
