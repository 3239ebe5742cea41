package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An input sentence whose prompt exceeds the model's positions is named by file:line, and nothing is written (issue 10). */
class TooLongLineTest {
    private static final String TOO_LONG = "word ".repeat(600).trim();

    @Test
    void embedNamesTheFileAndLine(@TempDir Path tmp) throws Exception {
        Path input = Files.writeString(tmp.resolve("in.txt"), "A short one.\n" + TOO_LONG + "\nAnother.\n");
        Path out = tmp.resolve("out.npy");
        Cli.badInput(Cli.args("embed", "--model", CliFixtures.tinyModel(), "--input", input, "--output", out),
                input + ":2: the sentence's prompt is ", "more than the model's max_position_embeddings 512 (model " + CliFixtures.tinyModel() + ")");
        assertFalse(Files.exists(out));
    }

    @Test
    void evalNamesTheStsFileAndLine(@TempDir Path tmp) throws Exception {
        Path stsb = Files.createDirectories(tmp.resolve("data/STS/STSBenchmark"));
        Path csv = Files.writeString(stsb.resolve("sts-test.csv"), "g\tf\t2012\t1\t5.0\tA dog runs.\tA dog is running.\n"
                + "g\tf\t2012\t2\t1.0\tA cat sleeps.\tA man plays a guitar.\n"
                + "g\tf\t2012\t3\t2.0\tA bird sings.\t" + TOO_LONG + "\n");
        Path out = tmp.resolve("eval");
        Cli.badInput(Cli.args("eval", "--model", CliFixtures.tinyModel(), "--data", tmp.resolve("data"), "--tasks", "STSBenchmark",
                "--output", out), csv + ":3: the sentence's prompt is ",
                "more than the model's max_position_embeddings 512 (model " + CliFixtures.tinyModel() + ")");
        assertFalse(Files.exists(out));
    }
}
