package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code embed} for real corpora: streamed in chunks (rows stay in input order across chunk
 * boundaries), stdin/stdout, --normalize, --max-length, over-long lines named by file:line,
 * and the metadata file that says which clean-up was applied.
 */
class EmbedStreamingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static float[][] jsonlVectors(List<String> lines, List<String> texts) throws IOException {
        float[][] out = new float[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = JSON.readTree(lines.get(i));
            texts.add(row.get("text").asText());
            JsonNode e = row.get("embedding");
            out[i] = new float[e.size()];
            for (int j = 0; j < e.size(); j++) {
                out[i][j] = (float) e.get(j).asDouble();
            }
        }
        return out;
    }

    /** 2,100 lines cross two chunk boundaries (chunks of 1,024): every row is the vector of its own line. */
    @Test
    void rowsKeepInputOrderAcrossChunks() throws IOException {
        Path model = CliFixtures.tinyModel();
        List<String> sentences = IntStream.range(0, 2100).mapToObj(i -> "sentence number " + i + (i % 7 == 0 ? " with a longer tail" : ""))
                .toList();
        Path input = Files.write(tmp.resolve("in.txt"), sentences);
        Path npy = tmp.resolve("all.npy");
        Cli.ok("embed", "--model", model, "--input", input, "--output", npy, "--batch-size", 64);
        float[][] all = EndToEndTest.readNpy(npy);
        assertEquals(2100, all.length);
        // a few lines embedded on their own (one chunk, other batch neighbours) give the same rows
        List<Integer> picks = List.of(0, 1023, 1024, 2047, 2048, 2099);
        Path few = Files.write(tmp.resolve("few.txt"), picks.stream().map(sentences::get).toList());
        Cli.ok("embed", "--model", model, "--input", few, "--output", tmp.resolve("few.npy"));
        float[][] alone = EndToEndTest.readNpy(tmp.resolve("few.npy"));
        for (int k = 0; k < picks.size(); k++) {
            for (int j = 0; j < alone[k].length; j++) {
                assertEquals(alone[k][j], all[picks.get(k)][j], 1e-5f * Math.max(1f, Math.abs(alone[k][j])), "line " + picks.get(k));
            }
        }
        JsonNode meta = JSON.readTree(tmp.resolve("all.npy.meta.json").toFile());
        assertEquals(2100, meta.get("rows").asLong());
        assertEquals(32, meta.get("dimension").asInt());
        assertFalse(meta.get("cleanup").asBoolean());
        assertTrue(meta.get("cleanup_note").asText().contains("eval applies the reference's evaluation text clean-up by default"));
        assertFalse(meta.get("normalize").asBoolean());
        assertTrue(meta.get("max_length").isNull());
    }

    /** {@code -} reads stdin and writes stdout; --normalize gives the same directions at unit length. */
    @Test
    void stdinToStdoutAndNormalize() throws IOException {
        Path model = CliFixtures.tinyModel();
        List<String> sentences = List.of("A man is playing a guitar.", "Two dogs run across a snowy field.", "Someone is slicing an onion!");
        Path input = Files.write(tmp.resolve("in.txt"), sentences);
        Path npy = tmp.resolve("plain.npy");
        Cli.ok("embed", "--model", model, "--input", input, "--output", npy);
        float[][] plain = EndToEndTest.readNpy(npy);

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        byte[] stdin = (String.join("\n", sentences) + "\n").getBytes(StandardCharsets.UTF_8);
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(stdin), stdout,
                "embed", "--model", model.toString(), "--input", "-", "--output", "-", "--format", "jsonl", "--normalize");
        assertEquals(0, code, err::toString);
        assertEquals("", out.toString(), "only the vectors go to stdout");
        List<String> texts = new ArrayList<>();
        float[][] unit = jsonlVectors(stdout.toString(StandardCharsets.UTF_8).lines().toList(), texts);
        assertEquals(sentences, texts);
        for (int i = 0; i < plain.length; i++) {
            double norm = 0;
            for (float v : plain[i]) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            double unitNorm = 0;
            for (int j = 0; j < plain[i].length; j++) {
                assertEquals(plain[i][j] / norm, unit[i][j], 1e-5, "row " + i + " col " + j);
                unitNorm += (double) unit[i][j] * unit[i][j];
            }
            assertEquals(1.0, unitNorm, 1e-5);
        }
        // .npy to stdout (no seeking): the same matrix as the file
        ByteArrayOutputStream npyOut = new ByteArrayOutputStream();
        code = Main.run(new PrintWriter(out), new PrintWriter(err), new ByteArrayInputStream(stdin), npyOut,
                "embed", "--model", model.toString(), "--input", "-", "--output", "-", "--format", "npy");
        assertEquals(0, code, err::toString);
        assertArrayEquals(Files.readAllBytes(npy), npyOut.toByteArray());
        // stdout without --format is a usage mistake
        Cli.badInput(Cli.args("embed", "--model", model, "--input", input, "--output", "-"), "give --format jsonl or npy");
    }

    /** A line too long for the model is named by file:line; --max-length cuts it to its first N tokens instead. */
    @Test
    void overLongLinesAndMaxLength() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("short-model")).resolve("m");
        Cli.ok("init", "--output", model, "--hidden", 16, "--heads", 2, "--ffn", 32, "--max-positions", 64, "--seed", 5);
        String longLine = String.join(" ", java.util.Collections.nCopies(200, "a"));
        Path input = Files.write(tmp.resolve("in.txt"), List.of("short line", "another short line", longLine));
        Path npy = tmp.resolve("out.npy");
        Cli.Result r = Cli.badInput(Cli.args("embed", "--model", model, "--input", input, "--output", npy), input + ":3:",
                "more than the model's max_position_embeddings 64", "--max-length");
        assertFalse(Files.exists(npy), r::toString);
        assertEquals(List.of("in.txt", "short-model"), names(), "nothing half-written");

        // "a" and then " a" are one token each in GPT-2's BPE: the first 10 tokens are ten a's
        Cli.ok("embed", "--model", model, "--input", input, "--output", npy, "--max-length", 10);
        Path cut = Files.write(tmp.resolve("cut.txt"), List.of(String.join(" ", java.util.Collections.nCopies(10, "a"))));
        Cli.ok("embed", "--model", model, "--input", cut, "--output", tmp.resolve("cut.npy"));
        float[] expected = EndToEndTest.readNpy(tmp.resolve("cut.npy"))[0];
        float[][] got = EndToEndTest.readNpy(npy);
        assertEquals(3, got.length);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], got[2][j], 1e-5f * Math.max(1f, Math.abs(expected[j])));
        }
        assertEquals(10, JSON.readTree(tmp.resolve("out.npy.meta.json").toFile()).get("max_length").asInt());
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The .npy header is long-sized and always 128 bytes, so a count known only at the end fits in place. */
    @Test
    void npyHeaderHoldsAnyRowCount() {
        for (long rows : new long[] {0, 1, 262_144, 3_000_000_000L, Long.MAX_VALUE}) {
            byte[] h = NpyWriter.header(rows, 2048);
            assertEquals(NpyWriter.HEADER_BYTES, h.length);
            String dict = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
            assertTrue(dict.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", 2048), }"), dict);
            assertTrue(dict.endsWith("\n"));
            assertEquals(118, (h[8] & 0xff) | (h[9] & 0xff) << 8);
        }
    }
}
