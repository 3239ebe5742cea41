package sentemb.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Distributed STS evaluation against {@code sentemb eval} on real STS-B test. */
class SparkEvalJobTest {
    @Test
    void stsBenchmarkScoresEqualTheEvalVerb() throws IOException {
        Path data = SparkFixtures.sharedData().resolve("downstream");
        Path single = SparkFixtures.root().resolve("eval-single");
        Path spark = SparkFixtures.root().resolve("eval-spark");
        SparkFixtures.sentemb("eval", "--model", SparkFixtures.tinyModel().toString(), "--data", data.toString(),
                "--tasks", "STSBenchmark", "--output", single.toString(), "--batch-size", "64");
        var run = SparkFixtures.evalJob("--master", "local[2]", "--model", SparkFixtures.tinyModel(), "--data", data,
                "--tasks", "STSBenchmark,STS12", "--output", spark, "--batch-size", 64, "--partitions", 5);
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("results: " + spark.resolve("results.json")), run::toString);
        JsonNode a = SparkFixtures.JSON.readTree(single.resolve("results.json").toFile()).get("tasks").get("STSBenchmark");
        JsonNode b = SparkFixtures.JSON.readTree(spark.resolve("results.json").toFile()).get("tasks");
        assertEquals("ok", a.get("status").asText());
        assertEquals(1379, a.get("pairs").asInt());
        assertEquals(a.get("spearman").asDouble(), b.get("STSBenchmark").get("spearman").asDouble(), 0.0, "identical Spearman");
        assertEquals(a.get("pearson").asDouble(), b.get("STSBenchmark").get("pearson").asDouble(), 0.0, "identical Pearson");
        assertEquals(Files.readString(single.resolve("predictions/STSBenchmark.tsv")),
                Files.readString(spark.resolve("predictions/STSBenchmark.tsv")), "identical predicted cosines");
        assertEquals("missing", b.get("STS12").get("status").asText(), "absent tasks are reported as sentemb eval does");
    }
}
