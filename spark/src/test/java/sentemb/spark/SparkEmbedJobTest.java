package sentemb.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code spark-embed} on local[2] against {@code sentemb embed} on the same input. */
class SparkEmbedJobTest {
    private static final List<String> SENTENCES = SparkFixtures.sentences(60);
    private static Path input;
    private static List<float[]> reference;

    @BeforeAll
    static void embedWithTheCli() throws IOException {
        Path dir = Files.createDirectories(SparkFixtures.root().resolve("embed-job"));
        input = Files.writeString(dir.resolve("sentences.txt"), String.join("\n", SENTENCES) + "\n");
        Path ref = dir.resolve("reference.jsonl");
        SparkFixtures.sentemb("embed", "--model", SparkFixtures.tinyModel().toString(), "--input", input.toString(),
                "--output", ref.toString(), "--batch-size", "8");
        reference = SparkFixtures.jsonlVectors(Files.readAllLines(ref));
        assertEquals(SENTENCES.size(), reference.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void parquetRowsEqualTheEmbedVerb(int partitions) throws IOException {
        Path out = SparkFixtures.root().resolve("out-" + partitions + ".parquet");
        Path stats = SparkFixtures.root().resolve("stats-" + partitions + ".json");
        var run = SparkFixtures.embedJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--input", input,
                "--output", out, "--partitions", partitions, "--batch-size", 8, "--stats", stats);
        assertEquals(0, run.exitCode(), run::toString);
        // Spark reads part files in its own order: sort by id
        List<Row> rows = SparkFixtures.spark().read().parquet(out.toString()).orderBy("id").collectAsList();
        assertEquals(SENTENCES.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            assertEquals(i, r.getLong(r.fieldIndex("id")), "one row per input line");
            assertClose(reference.get(i), floats(r.getList(r.fieldIndex("embedding"))), "line " + i);
        }
        JsonNode s = SparkFixtures.JSON.readTree(stats.toFile());
        assertEquals(partitions, s.get("partitions").asInt(), s::toString);
        assertEquals(SENTENCES.size(), s.get("rows").asInt());
    }

    @Test
    void oneModelLoadPerExecutorJvm() throws IOException {
        ModelCache.closeAll();
        Path out = SparkFixtures.root().resolve("loads.parquet");
        Path stats = SparkFixtures.root().resolve("loads.json");
        var run = SparkFixtures.embedJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--input", input,
                "--output", out, "--partitions", 7, "--stats", stats);
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode s = SparkFixtures.JSON.readTree(stats.toFile());
        assertEquals(7, s.get("partitions").asInt());
        assertEquals(1, s.get("executors").asInt(), "local mode: the driver is the one executor");
        assertEquals(1, s.get("modelLoads").asInt(), "7 partitions on 2 task threads, one model");
        assertTrue(s.get("peakRssMbPerExecutor").get("driver").asDouble() > 0, s::toString);
    }

    @Test
    void jsonlInAndOut() throws IOException {
        Path in = SparkFixtures.root().resolve("in.jsonl");
        List<String> lines = new ArrayList<>();
        for (String s : SENTENCES) {
            lines.add(SparkFixtures.JSON.writeValueAsString(java.util.Map.of("text", s, "source", "test")));
        }
        Files.write(in, lines);
        Path out = SparkFixtures.root().resolve("out.jsonl");
        var run = SparkFixtures.embedJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--input", in,
                "--output", out, "--partitions", 3, "--batch-size", 8);
        assertEquals(0, run.exitCode(), run::toString);
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                for (String line : Files.readAllLines(p)) {
                    rows.add(SparkFixtures.JSON.readTree(line));
                }
            }
        }
        assertEquals(SENTENCES.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).get("id").asLong());
            assertEquals(List.of("id", "embedding"), iterableToList(rows.get(i).fieldNames()));
            assertClose(reference.get(i), SparkFixtures.floats(rows.get(i).get("embedding")), "line " + i);
        }
    }

    @Test
    void parquetInputKeepsItsIds() throws IOException {
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            rows.add(RowFactory.create(1000 + i, SENTENCES.get(i)));
        }
        Path in = SparkFixtures.root().resolve("in.parquet");
        SparkFixtures.spark().createDataFrame(rows, schema).repartition(2).write().parquet(in.toString());
        Path out = SparkFixtures.root().resolve("from-parquet.parquet");
        var run = SparkFixtures.embedJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--input", in, "--output", out);
        assertEquals(0, run.exitCode(), run::toString);
        List<Row> got = SparkFixtures.spark().read().parquet(out.toString()).orderBy("id").collectAsList();
        assertEquals(SENTENCES.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(1000 + i, got.get(i).getLong(0));
            assertClose(reference.get(i), floats(got.get(i).getList(1)), "row id " + (1000 + i));
        }
    }

    @Test
    void malformedRowsAreNamed() throws IOException {
        Path dir = Files.createDirectories(SparkFixtures.root().resolve("bad"));
        Path badJson = Files.writeString(dir.resolve("bad.jsonl"), "{\"text\": \"fine\"}\n{\"text\": \"fine too\"}\n{\"text\": \n");
        expectBadInput(badJson, badJson + ":3: not valid JSON");
        Path noText = Files.writeString(dir.resolve("notext.jsonl"), "{\"text\": \"fine\"}\n{\"sentence\": \"x\"}\n");
        expectBadInput(noText, noText + ":2: expected a string field \"text\", got none");
        Path notString = Files.writeString(dir.resolve("number.jsonl"), "{\"text\": 7}\n");
        expectBadInput(notString, notString + ":1: expected a string field \"text\", got number");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "one\n\nthree\n");
        expectBadInput(blank, blank + ":2: blank line");
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(latin1, ("ok\n" + "caf").getBytes(StandardCharsets.UTF_8));
        Files.write(latin1, new byte[] {(byte) 0xE9, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        expectBadInput(latin1, latin1 + ":2: not valid UTF-8");

        StructType schema = new StructType().add("id", DataTypes.LongType).add("text", DataTypes.StringType);
        Path nulls = dir.resolve("nulls.parquet");
        SparkFixtures.spark().createDataFrame(List.of(RowFactory.create(5L, "a"), RowFactory.create(6L, null)), schema)
                .write().parquet(nulls.toString());
        expectBadInput(nulls, nulls + ": row id 6: column 'text' is null");

        Path out = Files.createDirectories(dir.resolve("exists.parquet"));
        var run = SparkFixtures.embedJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--input", input, "--output", out);
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("already exists"), run::toString);
    }

    private static void expectBadInput(Path in, String message) {
        Path out = in.resolveSibling(in.getFileName() + ".out.parquet");
        var run = SparkFixtures.embedJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--input", in, "--output", out);
        assertEquals(2, run.exitCode(), run::toString);
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run::toString);
        assertTrue(lines.get(0).startsWith("spark-embed: error: " + message), run::toString);
        assertTrue(!Files.exists(out), "nothing written under the output name");
    }

    static float[] floats(List<Object> list) {
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ((Number) list.get(i)).floatValue();
        }
        return v;
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-6, what + " col " + j);
        }
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
