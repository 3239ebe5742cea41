package sentemb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sentemb.cli.Main;

/** A tiny random model made once per test JVM with {@code sentemb init}, and {@code sentemb embed} run in-process. */
final class ApiFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path tinyModel;

    private ApiFixtures() {}

    /** A random OPT (hidden 32, 2 layers, 2 heads) in Hugging Face layout with the shipped tokenizer. */
    static synchronized Path tinyModel() {
        if (tinyModel == null) {
            try {
                Path dir = Files.createTempDirectory("sentemb-api").resolve("tiny32");
                sentemb("init", "--output", dir.toString(), "--hidden", "32", "--layers", "2", "--heads", "2", "--ffn", "64",
                        "--seed", "7");
                dir.toFile().getParentFile().deleteOnExit();
                tinyModel = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tinyModel;
    }

    /** Runs the CLI in-process and requires exit 0. */
    static void sentemb(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, () -> "sentemb " + String.join(" ", args) + ": " + out + err);
    }

    /** {@code sentemb embed} of the lines, read back from its JSONL output. */
    static float[][] embedCli(Path tmp, List<String> lines, String... extra) throws IOException {
        Path input = Files.writeString(tmp.resolve("in-" + System.nanoTime() + ".txt"), String.join("\n", lines) + "\n");
        Path output = tmp.resolve("out-" + System.nanoTime() + ".jsonl");
        List<String> args = new ArrayList<>(List.of("embed", "--model", tinyModel().toString(), "--input", input.toString(),
                "--output", output.toString()));
        args.addAll(List.of(extra));
        sentemb(args.toArray(String[]::new));
        List<String> rows = Files.readAllLines(output);
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonNode e = JSON.readTree(rows.get(i)).get("embedding");
            out[i] = new float[e.size()];
            for (int j = 0; j < e.size(); j++) {
                out[i][j] = (float) e.get(j).asDouble();
            }
        }
        return out;
    }
}
