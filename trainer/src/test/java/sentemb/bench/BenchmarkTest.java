package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The whole benchmark on the tiny shape with 2 repeats: every section runs, the files are
 * well formed and agree with the returned rows. No timing is asserted; the one hard check
 * on measured values is that 6 training steps leave no arrays behind in the model's manager.
 */
class BenchmarkTest {

    @Test
    void runsEndToEndAndWritesWellFormedFiles(@TempDir Path dir) throws IOException {
        BenchOptions o = BenchOptions.builder().outputDir(dir).embedShapes(List.of("tiny")).trainShapes(List.of("tiny"))
                .threads(1).warmup(1).repeats(2).trainRepeats(2).embedSentences(8).embedBatch(4).trainBatch(2)
                .loraRank(4).memoryBatches(List.of(4, 8)).memoryMicro(2).lifetimeSteps(6).lifetimeBatch(2)
                .tokenizerDir(Path.of("..", "data", "tokenizer")).build();
        BenchReport report = Benchmark.run(o);

        Set<String> keys = new HashSet<>();
        for (BenchRow r : report.rows()) {
            keys.add(r.section() + "/" + r.caseName() + "/" + r.variant());
        }
        for (String c : List.of("plain", "demo")) {
            for (String v : List.of("default", "no-share")) {
                assertTrue(keys.contains("embed/" + c + "/" + v), "missing embed " + c + " " + v);
            }
        }
        for (String m : List.of("lora-qv", "lora-all", "full")) {
            for (String v : List.of("no-share", "default")) {
                assertTrue(keys.contains("train/" + m + "/" + v), "missing train " + m + " " + v);
            }
            for (String v : List.of("no-share", "default")) {
                assertTrue(keys.contains("phases/" + m + "/" + v), "missing phases " + m + " " + v);
            }
        }
        for (String b : List.of("4", "8")) {
            assertTrue(keys.contains("memory/global batch " + b + "/gradcache micro=2"));
            assertTrue(keys.contains("memory/global batch " + b + "/direct"));
        }
        for (String c : List.of("dropout x2", "no-dropout x2")) {
            for (String v : List.of("concurrent", "sequential")) {
                assertTrue(keys.contains("parallel/" + c + "/" + v), "missing parallel " + c + " " + v);
            }
        }
        assertEquals(5, report.rows().stream().filter(r -> r.section().equals("kernels")).count());
        for (BenchRow r : report.rows()) {
            if (r.section().equals("phases") && !r.caseName().equals("tokenise")) {
                for (String phase : List.of("forward_s", "loss_s", "backward_s", "optimizer_s")) {
                    assertTrue(r.number(phase) > 0, phase + " of " + r.values());
                }
                assertEquals(r.number("median_s"), r.number("forward_s") + r.number("loss_s") + r.number("backward_s")
                        + r.number("optimizer_s"), 1e-9 + 0.5 * r.number("median_s"), "phases sum to about the step");
                continue;
            }
            if (!r.section().equals("kernels")) {
                assertTrue(r.number("throughput") > 0, "throughput of " + r.values());
            }
            assertTrue(r.number("median_s") > 0 && r.number("median_s") <= 60, "median of " + r.values());
        }

        List<BenchRow> life = report.rows().stream().filter(r -> r.section().equals("lifetime")).toList();
        assertEquals(List.of("steps 1-3", "steps 4-6"), life.stream().map(BenchRow::caseName).toList());
        assertEquals(life.get(0).get("managed_arrays"), life.get(1).get("managed_arrays"),
                "training steps must not leave arrays in the model's manager");

        Table csv = Table.read().csv(CsvReadOptions.builder(dir.resolve("bench-java.csv").toFile()).build());
        assertEquals(BenchRow.COLUMNS, csv.columnNames());
        assertEquals(report.rows().size(), csv.rowCount());

        ObjectMapper json = new ObjectMapper();
        JsonNode results = json.readTree(dir.resolve("bench-java.json").toFile());
        assertEquals(ResultsFiles.FORMAT, results.get("format").asText());
        assertEquals(report.rows().size(), results.get("rows").size());
        assertTrue(results.get("environment").get("matmul_peak_gflops").asDouble() > 0);
        assertEquals(1, results.get("environment").get("intra_op_threads").asInt());
        for (JsonNode r : results.get("rows")) {
            for (var it = r.fieldNames(); it.hasNext(); ) {
                assertTrue(BenchRow.COLUMNS.contains(it.next()));
            }
        }

        JsonNode inputs = json.readTree(dir.resolve("bench-inputs.json").toFile());
        assertEquals(BenchInputs.FORMAT, inputs.get("format").asText());
        assertEquals(2, inputs.get("embedding").size());
        JsonNode demo = inputs.get("embedding").get(1);
        assertEquals("demo", demo.get("case").asText());
        assertEquals(2, demo.get("batches").size());
        int[] first = ints(demo.get("batches").get(0).get(0));
        int[] prefix = PromptTokens.prefix(PromptTokens.DEMO_125M);
        assertArrayEquals(prefix, java.util.Arrays.copyOf(first, prefix.length));
        assertEquals(2, inputs.get("training").get("anchors").size());
        assertEquals(64, inputs.get("shapes").get("tiny").get("hidden_size").asInt());
        assertEquals(List.of("q_proj", "v_proj"), strings(inputs.get("lora").get("modes").get("lora-qv")));

        String md = report.markdown();
        assertEquals(report.rows().size() + 2, md.split("\n").length);
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asInt();
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
