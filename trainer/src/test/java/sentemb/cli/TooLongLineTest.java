package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embed input line whose prompt exceeds the model's positions is named by file:line, and nothing is written (issue 10). */
class TooLongLineTest {
    @Test
    void embedNamesTheFileAndLine(@TempDir Path tmp) throws Exception {
        Path input = Files.writeString(tmp.resolve("in.txt"), "A short one.\n" + "word ".repeat(600) + "\nAnother.\n");
        Path out = tmp.resolve("out.npy");
        Cli.badInput(Cli.args("embed", "--model", CliFixtures.tinyModel(), "--input", input, "--output", out),
                input + ":2: the sentence's prompt is ", "more than the model's max_position_embeddings 512 (model " + CliFixtures.tinyModel() + ")");
        assertFalse(Files.exists(out));
    }
}
