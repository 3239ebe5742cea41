package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sentemb.cli.Cli.args;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verbs chained as a user would: {@code init} a tiny model, {@code embed} with it (JSONL
 * and .npy, each read back here without the writer's code), {@code eval} it on real STS-B
 * dev, and {@code train --stop-after 2} then {@code export}, intact and damaged.
 */
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first STS-B dev pair (so embed's vectors can be checked against eval's cosine), then three more. */
    private static final List<String> SENTENCES = List.of(
            "A man with a hard hat is dancing.",
            "A man wearing a hard hat is dancing.",
            "A woman is slicing an onion.",
            "Stocks fell sharply on Monday.",
            "Two dogs play in the snow.");

    @TempDir
    Path tmp;

    @Test
    void initEmbedEval() throws IOException {
        Path model = CliFixtures.tinyModel(); // sentemb init --hidden 32 --layers 2 --heads 2 --ffn 64
        JsonNode config = JSON.readTree(model.resolve("config.json").toFile());
        assertEquals("opt", config.get("model_type").asText());
        assertEquals(32, config.get("hidden_size").asInt());
        assertEquals(2, config.get("num_hidden_layers").asInt());

        Path input = Files.writeString(tmp.resolve("sentences.txt"), String.join("\n", SENTENCES) + "\n");
        Path jsonl = tmp.resolve("out/vectors.jsonl");
        Path npy = tmp.resolve("out/vectors.npy");
        // --cleanup: the same text clean-up as eval, so the first pair's cosine must match eval's
        Cli.ok("embed", "--model", model, "--input", input, "--output", jsonl, "--cleanup");
        Cli.ok("embed", "--model", model, "--input", input, "--output", npy, "--cleanup", "--batch-size", 2);
        float[][] fromJsonl = readJsonl(jsonl);
        float[][] fromNpy = readNpy(npy);
        assertEquals(SENTENCES.size(), fromNpy.length);
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertEquals(32, fromNpy[i].length);
            // different batch sizes (and so padding) above: equal to float rounding, not bit for bit
            for (int j = 0; j < 32; j++) {
                assertEquals(fromJsonl[i][j], fromNpy[i][j], 1e-5f * Math.max(1f, Math.abs(fromJsonl[i][j])), "row " + i + " col " + j);
            }
        }
        assertFalse(Arrays.equals(fromNpy[0], fromNpy[2]), "different sentences, different vectors");

        Path evalOut = tmp.resolve("eval");
        Cli.Result r = Cli.ok("eval", "--model", model, "--tasks", "STSBenchmark", "--split", "dev",
                "--data", CliFixtures.downstream(), "--output", evalOut, "--batch-size", 128);
        assertTrue(r.out().contains("results: " + evalOut.resolve("results.json")), r::toString);
        JsonNode task = JSON.readTree(evalOut.resolve("results.json").toFile()).get("tasks").get("STSBenchmark");
        assertEquals("ok", task.get("status").asText());
        assertEquals("dev", task.get("split").asText());
        assertEquals(1500, task.get("pairs").asInt());
        double spearman = task.get("spearman").asDouble();
        assertTrue(spearman >= -1 && spearman <= 1, "spearman " + spearman);

        // Spearman recomputed here from the predictions file (average ranks for ties)
        List<String[]> rows = Files.readAllLines(evalOut.resolve(task.get("predictionsFile").asText())).stream()
                .skip(1).map(l -> l.split("\t", -1)).toList();
        assertEquals(1500, rows.size());
        double[] gold = rows.stream().mapToDouble(c -> Double.parseDouble(c[3])).toArray();
        double[] cosine = rows.stream().mapToDouble(c -> Double.parseDouble(c[4])).toArray();
        assertEquals(spearman, pearson(ranks(gold), ranks(cosine)), 1e-9);

        // embed's vectors of the first dev pair give eval's cosine for it
        assertEquals(SENTENCES.get(0), rows.get(0)[1]);
        assertEquals(SENTENCES.get(1), rows.get(0)[2]);
        assertEquals(cosine[0], cos(fromNpy[0], fromNpy[1]), 1e-4);
    }

    /**
     * Decision (see BadInputTest): a selected task whose files are absent is reported, not an
     * error, as long as some selected task is there. Here STS-B dev is absent, SICK dev present.
     */
    @Test
    void evalReportsAnAbsentTaskAsMissing() throws IOException {
        Path sick = Files.createDirectories(tmp.resolve("downstream/SICK"));
        Files.writeString(sick.resolve("SICK_trial.txt"), "pair_ID\tsentence_A\tsentence_B\trelatedness_score\tentailment_judgment\n"
                + "1\tA man plays a guitar.\tA man is playing a guitar.\t4.8\tENTAILMENT\n"
                + "2\tA dog runs.\tA cat sleeps.\t1.2\tNEUTRAL\n"
                + "3\tA woman cooks.\tA woman is cooking food.\t4.5\tENTAILMENT\n"
                + "4\tKids swim.\tA car drives on a road.\t1.0\tNEUTRAL\n");
        Path out = tmp.resolve("eval");
        Cli.Result r = Cli.ok("eval", "--model", CliFixtures.tinyModel(), "--data", tmp.resolve("downstream"), "--split", "dev",
                "--tasks", "STSBenchmark,SICKRelatedness", "--output", out);
        JsonNode tasks = JSON.readTree(out.resolve("results.json").toFile()).get("tasks");
        assertEquals("missing", tasks.get("STSBenchmark").get("status").asText());
        assertTrue(tasks.get("STSBenchmark").get("missingFiles").get(0).asText().endsWith("STS/STSBenchmark/sts-dev.csv"));
        assertEquals("ok", tasks.get("SICKRelatedness").get("status").asText());
        assertEquals(4, tasks.get("SICKRelatedness").get("pairs").asInt());
        String row = r.out().lines().filter(l -> l.startsWith("| tiny32 ")).findFirst().orElseThrow(() -> new AssertionError(r));
        assertTrue(row.contains("missing"), row);
        // the run ends by saying which tasks ran and which were skipped, and why
        assertTrue(r.out().contains("ran 1 task: SICKRelatedness (dev, 4 pairs)"), r::toString);
        assertTrue(r.out().contains("skipped 1 task: STSBenchmark (dev: missing STS/STSBenchmark/sts-dev.csv under --data)"), r::toString);
    }

    @Test
    void trainStopExportAndDamagedCheckpoints() throws IOException {
        Path run = CliFixtures.trainedRun(); // train tiny (16 wide) --stop-after 2
        Path step = run.resolve("step-2");
        assertTrue(Files.isRegularFile(step.resolve("manifest.json")));

        // a run folder exports its latest good checkpoint
        Path exported = tmp.resolve("exported");
        Cli.Result r = Cli.ok("export", "--checkpoint", run, "--output", exported);
        assertTrue(r.out().contains(step.toString()), r::toString);
        for (String f : List.of("config.json", "model.safetensors", "sentemb.json", "README.md", "vocab.json", "merges.txt")) {
            assertTrue(Files.isRegularFile(exported.resolve(f)), "exported model lacks " + f);
        }
        assertEquals(16, JSON.readTree(exported.resolve("config.json").toFile()).get("hidden_size").asInt());
        // exporting again replaces the earlier model folder
        Cli.ok("export", "--checkpoint", step, "--output", exported);
        assertEquals(List.of("exported"), names(tmp));

        Path out = tmp.resolve("out");
        DirectorySnapshot before = DirectorySnapshot.of(tmp);
        // --peft on a full fine-tune: refused after the export began; its temp folder is gone
        Cli.badInput(args("export", "--checkpoint", step, "--output", out, "--peft"), "--peft", "without LoRA");
        assertEquals(before.entries(), DirectorySnapshot.of(tmp).entries(), "export --peft left something behind");

        Path truncated = CliFixtures.copy(step, tmp.resolve("damaged/truncated"));
        try (var ch = java.nio.channels.FileChannel.open(truncated.resolve("trainable.safetensors"),
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        Path deleted = CliFixtures.copy(step, tmp.resolve("damaged/deleted"));
        Files.delete(deleted.resolve("trainable.safetensors"));
        Path unsaved = CliFixtures.copy(step, tmp.resolve("damaged/run/step-2"));
        Files.delete(unsaved.resolve("manifest.json"));
        before = DirectorySnapshot.of(tmp);

        Cli.badInput(args("export", "--checkpoint", truncated, "--output", out), truncated.toString(), "trainable.safetensors",
                "bytes, the manifest says");
        Cli.badInput(args("export", "--checkpoint", deleted, "--output", out), deleted.toString(), "trainable.safetensors",
                "missing");
        Cli.badInput(args("export", "--checkpoint", unsaved, "--output", out), unsaved.toString(), "manifest.json");
        Cli.badInput(args("export", "--checkpoint", unsaved.getParent(), "--output", out), "no complete checkpoint",
                unsaved.getParent().toString());
        Cli.badInput(args("train", "--resume", truncated), truncated.toString(), "trainable.safetensors");
        // an existing folder that is not a model is never replaced
        Path precious = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");
        DirectorySnapshot withPrecious = DirectorySnapshot.of(tmp);
        Cli.badInput(args("export", "--checkpoint", step, "--output", precious), "--output " + precious, "not a model directory");
        assertEquals(withPrecious.entries(), DirectorySnapshot.of(tmp).entries());
        Files.delete(precious.resolve("notes.txt"));
        Files.delete(precious);
        assertEquals(before.entries(), DirectorySnapshot.of(tmp).entries(), "a failed export left something behind");
    }

    private static List<String> names(Path dir) throws IOException {
        try (var list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static float[][] readJsonl(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(SENTENCES.size(), lines.size());
        float[][] out = new float[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            JsonNode row = JSON.readTree(lines.get(i));
            assertEquals(SENTENCES.get(i), row.get("text").asText());
            JsonNode e = row.get("embedding");
            out[i] = new float[e.size()];
            for (int j = 0; j < e.size(); j++) {
                out[i][j] = (float) e.get(j).asDouble();
            }
        }
        return out;
    }

    /** NPY format 1.0 as NumPy documents it: magic, version, little-endian header length, a dict literal, the data. */
    static float[][] readNpy(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        b.get(magic);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, magic);
        assertEquals(1, b.get(), "major version");
        assertEquals(0, b.get(), "minor version");
        int headerLen = Short.toUnsignedInt(b.getShort());
        byte[] header = new byte[headerLen];
        b.get(header);
        String dict = new String(header, StandardCharsets.US_ASCII);
        assertEquals(0, (10 + headerLen) % 64, "data starts 64-byte aligned");
        assertTrue(dict.endsWith("\n"), dict);
        assertEquals("<f4", group(dict, "'descr':\\s*'([^']*)'"));
        assertEquals("False", group(dict, "'fortran_order':\\s*(True|False)"));
        String[] shape = group(dict, "'shape':\\s*\\(([^)]*)\\)").split(",\\s*");
        assertEquals(2, shape.length, dict);
        int n = Integer.parseInt(shape[0].trim());
        int d = Integer.parseInt(shape[1].trim());
        assertEquals(4L * n * d, b.remaining(), "data bytes");
        float[][] out = new float[n][d];
        for (float[] row : out) {
            for (int j = 0; j < d; j++) {
                row[j] = b.getFloat();
            }
        }
        return out;
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), () -> regex + " not in " + text);
        return m.group(1);
    }

    /** 1-based ranks, ties sharing their average rank. */
    private static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, c) -> Double.compare(x[a], x[c]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length;) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] a, double[] c) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mc = Arrays.stream(c).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double scc = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (c[i] - mc);
            saa += (a[i] - ma) * (a[i] - ma);
            scc += (c[i] - mc) * (c[i] - mc);
        }
        return sab / Math.sqrt(saa * scc);
    }

    private static double cos(float[] a, float[] c) {
        double ab = 0;
        double aa = 0;
        double cc = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (double) a[i] * c[i];
            aa += (double) a[i] * a[i];
            cc += (double) c[i] * c[i];
        }
        return ab / Math.sqrt(aa * cc);
    }
}
