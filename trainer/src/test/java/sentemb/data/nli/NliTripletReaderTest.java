package sentemb.data.nli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.TestPaths;

/** Reading SimCSE-format NLI files: real files against Python's csv module, and bad rows. */
class NliTripletReaderTest {
    private static JsonNode reference;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadReference() throws IOException {
        reference = new ObjectMapper().readTree(TestPaths.fixtures().resolve("nli/sampler_reference.json").toFile());
    }

    /** Row count stated in the shared data README's table for {@code file}. */
    private static int readmeRows(String file) throws IOException {
        String readme = Files.readString(TestPaths.sharedData().resolve("README.md"));
        Matcher m = Pattern.compile("\\| `nli/" + Pattern.quote(file) + "` \\|[^|]*\\| (\\d+) \\|").matcher(readme);
        assertTrue(m.find(), "README has no row for " + file);
        return Integer.parseInt(m.group(1));
    }

    private void assertMatchesPython(NliDataset data, String file) {
        JsonNode ref = reference.get("files").get(file);
        assertEquals(ref.get("rows").asInt(), data.size());
        assertEquals(ref.get("fingerprint").asLong(), data.fingerprint(), "texts differ from Python's csv module");
        Triplet first = data.get(0);
        Triplet last = data.get(data.size() - 1);
        assertEquals(ref.get("first").get(0).asText(), first.anchor());
        assertEquals(ref.get("first").get(2).asText(), first.hardNegative());
        assertEquals(ref.get("last").get(1).asText(), last.positive());
    }

    @Test
    void realSnliFileMatchesReadmeAndPython() throws IOException {
        Path file = TestPaths.sharedData().resolve("nli/snli_triplets.csv");
        NliDataset data = new NliTripletReader().read(file);
        assertEquals(5863, data.size());
        assertEquals(readmeRows("snli_triplets.csv"), data.size());
        assertEquals(NliFormat.TRIPLET, data.format());
        assertTrue(data.badRows().isClean());
        assertMatchesPython(data, "snli_triplets.csv");
        // the file has no multi-line fields: row i starts on line i + 2
        assertEquals(2, data.get(0).line());
        assertEquals(5864, data.get(5862).line());
    }

    @Test
    void realSickFileMatchesReadmeAndPython() throws IOException {
        NliDataset data = new NliTripletReader().read(TestPaths.sharedData().resolve("nli/sick_train_triplets.csv"));
        assertEquals(107, data.size());
        assertEquals(readmeRows("sick_train_triplets.csv"), data.size());
        assertTrue(data.badRows().isClean());
        assertMatchesPython(data, "sick_train_triplets.csv");
        // a quoted field with a comma (line 3 of the file)
        assertEquals("There is no man wearing a shirt dyed black, sitting at the table and laughing",
                data.get(1).hardNegative());
    }

    @Test
    void crlfCopyOfRealFileReadsTheSame() throws IOException {
        String text = Files.readString(TestPaths.sharedData().resolve("nli/snli_triplets.csv"));
        Path crlf = tmp.resolve("crlf.csv");
        Files.writeString(crlf, "\uFEFF" + text.replace("\n", "\r\n"));
        NliDataset data = new NliTripletReader().read(crlf);
        assertMatchesPython(data, "snli_triplets.csv");
    }

    /** Synthetic file; line numbers in the comments are the physical lines. */
    private static final String BAD = String.join("\n",
            "sent0,sent1,hard_neg",                                        // 1
            "A man sleeps.,A person rests.,A man runs.",                   // 2 ok
            "\"A man, tall, sleeps.\",A person rests.,\"He said \"\"no\"\".\"", // 3 ok
            "only two,fields",                                             // 4 missing field
            "a,b,c,d",                                                     // 5 extra field
            "a,   ,c",                                                     // 6 empty text
            "\"multi",                                                     // 7 ok (lines 7-8)
            "line\",b,c",                                                  // 8
            "a \"stray\" quote,b,c",                                       // 9 broken quoting
            "\"closed\" junk,b,c",                                         // 10 broken quoting
            "",                                                            // 11 blank
            "x,y,z",                                                       // 12 ok
            "a,b,",                                                        // 13 empty text (trailing comma)
            "\"unterminated,b,c",                                          // 14 broken quoting: pairs with line 16's quote
            "p,q,r",                                                       // 15 ok (re-read after 14)
            "\"ok\",\"also, ok\",r") + "\n";                               // 16 ok

    private Path write(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void badRowsAreReportedWithExactLines() throws IOException {
        Path file = write("bad.csv", BAD);
        NliDataset data = new NliTripletReader().withMaxBadRows(100).read(file);
        assertEquals(List.of(2, 3, 7, 12, 15, 16), data.stream().map(Triplet::line).toList());
        assertEquals("A man, tall, sleeps.", data.get(1).anchor());
        assertEquals("He said \"no\".", data.get(1).hardNegative());
        assertEquals("multi\nline", data.get(2).anchor());
        assertEquals("also, ok", data.get(5).positive());

        BadRowReport report = data.badRows();
        assertEquals(7, report.count());
        assertEquals(1, report.blankLines());
        List<BadRow> rows = report.firstRows();
        assertEquals(List.of(4, 5, 6, 9, 10, 13, 14), rows.stream().map(BadRow::line).toList());
        assertEquals(List.of(BadRowReason.MISSING_FIELD, BadRowReason.EXTRA_FIELD, BadRowReason.EMPTY_TEXT,
                        BadRowReason.BROKEN_QUOTING, BadRowReason.BROKEN_QUOTING, BadRowReason.EMPTY_TEXT,
                        BadRowReason.BROKEN_QUOTING),
                rows.stream().map(BadRow::reason).toList());
        assertEquals(16, rows.get(6).lastLine(), "the quote left open on line 14 closes on line 16");
        assertTrue(rows.get(6).detail().contains("'o' after the quoted field opened on line 14 and closed on line 16"),
                rows.get(6).detail());
        assertEquals(3, report.countsByReason().get(BadRowReason.BROKEN_QUOTING));
        assertTrue(report.summary().contains("line 9: BROKEN_QUOTING"), report.summary());
    }

    @Test
    void quoteLeftOpenToEndOfFileDoesNotSwallowLaterRows() throws IOException {
        Path file = write("open.csv", "sent0,sent1,hard_neg\na,b,c\n\"open,b,c\nd,e,f\ng,h,i\n");
        NliDataset data = new NliTripletReader().withMaxBadRows(1).read(file);
        assertEquals(List.of(2, 4, 5), data.stream().map(Triplet::line).toList());
        BadRow bad = data.badRows().firstRows().get(0);
        assertEquals(3, bad.line());
        assertEquals(5, bad.lastLine());
        assertEquals(BadRowReason.BROKEN_QUOTING, bad.reason());
        assertTrue(bad.detail().contains("quoted field opened on line 3 is never closed"), bad.detail());
    }

    @Test
    void crlfLineEndsGiveTheSameLinesAndKeepEmbeddedCrlf() throws IOException {
        Path file = write("bad-crlf.csv", BAD.replace("\n", "\r\n"));
        NliDataset data = new NliTripletReader().withMaxBadRows(100).read(file);
        assertEquals(List.of(2, 3, 7, 12, 15, 16), data.stream().map(Triplet::line).toList());
        assertEquals("multi\r\nline", data.get(2).anchor());
        assertEquals("A man runs.", data.get(0).hardNegative(), "no CR left at the end of a row");
        assertEquals(List.of(4, 5, 6, 9, 10, 13, 14), data.badRows().firstRows().stream().map(BadRow::line).toList());
    }

    @Test
    void limitThrowsNamingFileLineAndReason() throws IOException {
        Path file = write("bad.csv", BAD);
        NliFormatException e = assertThrows(NliFormatException.class,
                () -> new NliTripletReader().withMaxBadRows(2).read(file));
        assertEquals(6, e.line());
        assertEquals(BadRowReason.EMPTY_TEXT, e.reason());
        assertTrue(e.getMessage().startsWith(file + ":6: EMPTY_TEXT"), e.getMessage());
        assertTrue(e.getMessage().contains("maxBadRows=2"), e.getMessage());
        assertEquals(3, e.report().count());

        NliFormatException byDefault = assertThrows(NliFormatException.class, () -> new NliTripletReader().read(file));
        assertEquals(4, byDefault.line(), "default maxBadRows is 0: the first bad row throws");
        assertTrue(byDefault.getMessage().contains("expected 3 fields (sent0,sent1,hard_neg), found 2"),
                byDefault.getMessage());

        assertEquals(7, new NliTripletReader().withMaxBadRows(7).read(file).badRows().count());
        NliFormatException six = assertThrows(NliFormatException.class,
                () -> new NliTripletReader().withMaxBadRows(6).read(file));
        assertEquals(14, six.line());
        assertEquals(BadRowReason.BROKEN_QUOTING, six.reason());
    }

    @Test
    void reportKeepsOnlyTheFirstRowsButCountsAll() throws IOException {
        NliDataset data = new NliTripletReader().withMaxBadRows(100).withReportLimit(2).read(write("bad.csv", BAD));
        assertEquals(7, data.badRows().count());
        assertEquals(List.of(4, 5), data.badRows().firstRows().stream().map(BadRow::line).toList());
        assertTrue(data.badRows().summary().contains("and 5 more"));
    }

    @Test
    void pairFile() throws IOException {
        Path file = write("pairs.csv", "sent0,sent1\nA dog barks.,\"A dog, loudly, barks.\"\nx,y,z\nc,d\n");
        NliDataset data = new NliTripletReader().withMaxBadRows(1).read(file);
        assertEquals(NliFormat.PAIR, data.format());
        assertFalse(data.hasHardNegatives());
        assertEquals(2, data.size());
        assertEquals("A dog, loudly, barks.", data.get(0).positive());
        assertNull(data.get(0).hardNegative());
        assertEquals(4, data.get(1).line());
        BadRow extra = data.badRows().firstRows().get(0);
        assertEquals(3, extra.line());
        assertEquals(BadRowReason.EXTRA_FIELD, extra.reason());
        assertTrue(extra.detail().contains("expected 2 fields (sent0,sent1), found 3"));
    }

    @Test
    void headerProblemsAreRejected() throws IOException {
        NliFormatException noHeader = assertThrows(NliFormatException.class,
                () -> new NliTripletReader().read(write("nohdr.csv", "A man.,A person.,A woman.\n")));
        assertEquals(1, noHeader.line());
        assertTrue(noHeader.getMessage().contains("expected the header 'sent0,sent1,hard_neg' or 'sent0,sent1'"));
        assertThrows(NliFormatException.class, () -> new NliTripletReader().read(write("empty.csv", "")));
        NliFormatException onlyHeader = assertThrows(NliFormatException.class,
                () -> new NliTripletReader().read(write("hdr.csv", "sent0,sent1,hard_neg\n")));
        assertTrue(onlyHeader.getMessage().contains("no data rows"));
    }

    @Test
    void invalidUtf8NamesItsLine() throws IOException {
        byte[] head = "sent0,sent1,hard_neg\na,b,c\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'x', ',', (byte) 0xC3, (byte) 0x28, ',', 'z', '\n'};
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        NliFormatException e = assertThrows(NliFormatException.class,
                () -> new NliTripletReader().read(new ByteArrayInputStream(all), "mem.csv"));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith("mem.csv:3: invalid UTF-8"), e.getMessage());
    }

    @Test
    void nonAsciiAndLinesLongerThanTheBuffer() throws IOException {
        String longText = "é".repeat(50_000) + "x".repeat(40_000); // > 64 KiB of bytes
        String content = "sent0,sent1,hard_neg\n" + longText + ",Ünïcödé ok,\"naïve, café\"\nlast,row,here\r";
        NliDataset data = new NliTripletReader().read(
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), "mem.csv");
        assertEquals(2, data.size());
        assertEquals(longText, data.get(0).anchor());
        assertEquals("naïve, café", data.get(0).hardNegative());
        assertEquals("here", data.get(1).hardNegative(), "last line ends in CR without LF");
        assertEquals(3, data.get(1).line());
    }

    /** SNLI replicated 10x (58,630 rows): counts and line numbers hold at scale. Speed: NliReadBenchmark. */
    @Test
    void readsAReplicatedRealFile() throws IOException {
        Path big = NliReadBenchmark.replicate(TestPaths.sharedData().resolve("nli/snli_triplets.csv"), 10, tmp);
        NliDataset data = new NliTripletReader().read(big);
        assertEquals(10 * 5863, data.size());
        assertEquals(10 * 5863 + 1, data.get(data.size() - 1).line());
        Triplet copy = data.get(3 * 5863 + 17);
        Triplet original = data.get(17);
        assertEquals(original, new Triplet(copy.anchor(), copy.positive(), copy.hardNegative(), original.line()));
    }
}
