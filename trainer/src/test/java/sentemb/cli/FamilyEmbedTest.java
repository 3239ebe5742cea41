package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sentemb.model.llama.LlamaFixtures;

/**
 * {@code sentemb embed} on the tiny llama, mistral and qwen2 checkpoints gives the PyTorch
 * reference's PromptEOL embeddings (scripts/make_llama_fixtures.py) to 1e-4 relative.
 */
class FamilyEmbedTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama", "mistral", "qwen2"})
    void embedGivesTheReferenceEmbeddings(String family, @TempDir Path tmp) throws Exception {
        JsonNode g = LlamaFixtures.golden(family);
        List<String> sentences = LlamaFixtures.sentences(g);
        Path input = Files.write(tmp.resolve("in.txt"), sentences);
        Path output = tmp.resolve("out.jsonl");
        Cli.ok("embed", "--model", LlamaFixtures.dir(family), "--input", input, "--output", output, "--batch-size", 3);
        float[][] expected = LlamaFixtures.matrix(g.get("embeddings"));
        List<String> rows = Files.readAllLines(output);
        assertEquals(sentences.size(), rows.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = json.readTree(rows.get(i));
            assertEquals(sentences.get(i), row.get("text").asText());
            float[] actual = LlamaFixtures.matrix(json.createArrayNode().add(row.get("embedding")))[0];
            double err = LlamaFixtures.relativeError(actual, expected[i]);
            assertTrue(err < 1e-4, family + " sentence " + i + ": relative error " + err);
        }
    }
}
