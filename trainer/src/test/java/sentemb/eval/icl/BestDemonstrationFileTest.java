package sentemb.eval.icl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sentemb.text.Demonstration;

class BestDemonstrationFileTest {

    @TempDir
    Path tmp;

    @Test
    void readsSentenceAndWordIgnoringTheRest() throws IOException {
        Path f = tmp.resolve("best.json");
        Files.writeString(f, "{\"sentence\": \"The man is riding a horse.\", \"word\": \"Horseback-riding\", "
                + "\"spearman\": null, \"evaluated_on\": {\"pairs\": 3}}");
        assertEquals(new Demonstration("The man is riding a horse.", "Horseback-riding"), BestDemonstrationFile.readBest(f));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|expected a JSON object",
        "[1, 2]|expected a JSON object",
        "{\"sentence\": \"A cat.\"|not valid JSON",
        "{\"word\": \"Cat\"}|key \"sentence\" must be a string, found no such key",
        "{\"sentence\": \"A cat.\", \"word\": 3}|key \"word\" must be a string, found number",
        "{\"sentence\": \"A cat.\", \"word\": \"\"}|must not be empty",
        "{\"sentence\": \"A_cat.\", \"word\": \"Cat\"}|contains '_'",
    })
    void badFilesNameTheFileAndTheProblem(String content, String problem) throws IOException {
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestDemonstrationFile.readBest(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("absent.json");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestDemonstrationFile.readBest(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }
}
