package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.data.sts.StsFixtures;

class StsReportTest {

    private static Map<String, Object> metadata() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", "bag-of-letters");
        m.put("dimension", 26);
        m.put("representation", Map.of("template", "This sentence : \"*sent_0*\" means in one word:\""));
        return m;
    }

    @Test
    void writesResultsPredictionsAndTable(@TempDir Path tmp) throws Exception {
        Path downstream = StsFixtures.downstreamWithRealStsb(tmp.resolve("downstream"));
        StsEvaluation ev = new StsEvaluator(new BagOfLettersEncoder(), 16, false).evaluate(downstream, StsEvalOptions.test());
        Path out = tmp.resolve("out");
        StsResults doc = StsReport.write(out, "letters", metadata(), ev);

        // round trip
        StsResults back = StsResultsJson.read(out.resolve(StsReport.RESULTS_FILE));
        assertEquals(doc, back);

        // schema as a consumer sees it
        JsonNode json = new ObjectMapper().readTree(out.resolve(StsReport.RESULTS_FILE).toFile());
        assertEquals(StsResults.SCHEMA, json.get("schema").asText());
        assertEquals(26, json.at("/metadata/dimension").asInt());
        JsonNode sts12 = json.at("/tasks/STS12");
        assertEquals("ok", sts12.get("status").asText());
        assertEquals("test", sts12.get("split").asText());
        assertTrue(sts12.get("spearman").isNumber() && Math.abs(sts12.get("spearman").asDouble()) <= 1);
        assertTrue(sts12.get("pearson").isNumber() && Math.abs(sts12.get("pearson").asDouble()) <= 1);
        assertEquals(5, sts12.get("subsets").size());
        assertEquals("MSRpar", sts12.at("/subsets/0/name").asText());
        assertTrue(sts12.at("/wmean/spearman").isNumber());
        assertEquals("predictions/STS12.tsv", sts12.get("predictionsFile").asText());
        JsonNode sts14 = json.at("/tasks/STS14");
        assertEquals("missing", sts14.get("status").asText());
        assertTrue(sts14.get("spearman").isNull());
        assertEquals(12, sts14.get("missingFiles").size());
        assertEquals(4, json.at("/summary/tasksInAverage").asInt());
        assertFalse(json.at("/summary/complete").asBoolean());

        // predictions: one file per evaluated task, header + one line per pair, five fields
        for (StsTaskResult r : doc.tasks().values()) {
            Path tsv = out.resolve(StsReport.PREDICTIONS_DIR).resolve(r.task() + ".tsv");
            assertEquals(r.isOk(), Files.exists(tsv), r.task());
            if (r.isOk()) {
                List<String> lines = Files.readAllLines(tsv);
                assertEquals(r.pairs() + 1, lines.size(), r.task());
                assertTrue(lines.stream().allMatch(l -> l.split("\t", -1).length == 5), r.task());
            }
        }

        // table: our row with missing tasks flagged, and the published rows
        String table = Files.readString(out.resolve(StsReport.TABLE_FILE));
        assertTrue(table.startsWith("| model | STS12 | STS13 | STS14 | STS15 | STS16 | STSB | SICK-R | Avg |"), table);
        String ours = table.lines().filter(l -> l.startsWith("| letters |")).findFirst().orElseThrow();
        assertTrue(ours.contains("| " + PythonRounding.format2(doc.tasks().get("STS12").spearman() * 100) + " |"), ours);
        assertTrue(ours.contains("| missing | missing | missing |") && ours.endsWith("* |"), ours);
        assertTrue(table.contains("average over 4 of 7 tasks"), table);
        assertTrue(table.contains("| PromptEOL+CSE OPT-1.3b (published) | 79.01 | 89.26 | 84.10 | 88.30 | 84.62 | 87.71 | 80.52 | 84.79 |"), table);
        assertTrue(table.contains("| sup-SimCSE RoBERTa-large (published) | 77.46 | 87.27 | 82.36 | 86.66 | 83.93 | 86.70 | 81.95 | 83.76 |"), table);
        assertTrue(table.contains("| ST5-Enc 4.8B (fine-tuned) (published) | 80.10 | — | — | — | — | — | — | ≈84.9 |"), table);

        // atomic writes leave no temporary files behind
        try (Stream<Path> all = Files.walk(out)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void roundTripKeepsUndefinedCorrelationsAsNaN() throws Exception {
        StsResults doc = StsResults.of("empty", Map.of(), List.of(
                StsTaskResult.missing("STSBenchmark", "dev", List.of("/x/sts-dev.csv"))));
        String json = StsResultsJson.toJson(doc);
        assertFalse(json.contains("NaN"), json);
        StsResults back = StsResultsJson.fromJson(json);
        assertEquals(doc, back);
        assertTrue(Double.isNaN(back.summary().average()));
    }

    @Test
    void devRowIsLabelledWithItsSplit() {
        StsResults dev = StsResults.of("run7", Map.of(), List.of(new StsTaskResult("STSBenchmark", StsStatus.OK, "dev",
                1500, 0.8123, 0.8, null, null, List.of(), List.of(), null)));
        String table = StsTable.markdown(List.of(dev), List.of());
        assertTrue(table.contains("| run7 [dev] | n/a | n/a | n/a | n/a | n/a | 81.23 | n/a | 81.23* |"), table);
        assertTrue(table.contains("dev split"), table);
    }
}
