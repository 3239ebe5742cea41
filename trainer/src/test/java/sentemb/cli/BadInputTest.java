package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static sentemb.cli.Cli.args;
import static sentemb.cli.Cli.badInput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to each verb: exit 2, one line on stderr naming the path (and line) at fault,
 * and nothing written: the temp folder every path points into is unchanged afterwards
 * (no output, no temp file, no half-made folder). Runs no model: each check fires before
 * any weights are loaded.
 */
class BadInputTest {
    @TempDir
    Path tmp;

    private Path sentences;
    private Path unsupported;
    private Path malformed;
    private Path out;
    private DirectorySnapshot before;

    @BeforeEach
    void inputs() throws IOException {
        sentences = Files.writeString(tmp.resolve("sentences.txt"), "A man plays a guitar.\nA dog runs.\n");
        unsupported = Files.createDirectories(tmp.resolve("unsupported"));
        Files.writeString(unsupported.resolve("config.json"), "{\"model_type\": \"gpt2\", \"hidden_size\": 32}");
        malformed = Files.createDirectories(tmp.resolve("malformed"));
        Files.writeString(malformed.resolve("config.json"), "{\"model_type\": \"opt\",\n  \"hidden_size\": 32,,\n}");
        out = tmp.resolve("out");
    }

    /** Runs a command that must fail as bad input and leave {@link #tmp} exactly as it was. */
    private void refused(Object[] args, String... fragments) {
        before = DirectorySnapshot.of(tmp);
        badInput(args, fragments);
        assertEquals(before.entries(), DirectorySnapshot.of(tmp).entries(), "the failed command changed " + tmp);
    }

    /** The verbs that embed with a model directory, with every other argument valid; the model comes last. */
    private Object[] withModel(String verb, Path model) {
        Path data = CliFixtures.downstream();
        return switch (verb) {
            case "eval" -> args("eval", "--data", data, "--tasks", "STSBenchmark", "--output", out, "--model", model);
            case "embed" -> args("embed", "--input", sentences, "--output", tmp.resolve("out.npy"), "--model", model);
            case "icl-search" -> args("icl-search", "--data", data, "--limit", 10, "--output", out, "--model", model);
            default -> throw new IllegalArgumentException(verb);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "embed", "icl-search"})
    void missingModelDirectory(String verb) {
        Path missing = tmp.resolve("no-such-model");
        refused(withModel(verb, missing), "--model " + missing, "does not exist");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "embed", "icl-search"})
    void modelThatIsAFile(String verb) {
        refused(withModel(verb, sentences), "--model " + sentences, "not a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "embed", "icl-search"})
    void unsupportedArchitecture(String verb) {
        refused(withModel(verb, unsupported), unsupported.resolve("config.json").toString(), "unsupported architecture", "gpt2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "embed", "icl-search"})
    void malformedConfigJson(String verb) {
        refused(withModel(verb, malformed), malformed.resolve("config.json").toString(), "not valid JSON", "line 2");
    }

    @Test
    void trainOnAnUnsupportedOrMalformedModel() {
        Path runs = tmp.resolve("runs");
        refused(CliFixtures.trainArgs(runs, "x", "model.path=\"" + unsupported + "\""), unsupported.resolve("config.json").toString(),
                "unsupported architecture");
        refused(CliFixtures.trainArgs(runs, "x", "model.path=\"" + malformed + "\""), malformed.resolve("config.json").toString(),
                "line 2");
        Path missing = tmp.resolve("no-such-model");
        refused(CliFixtures.trainArgs(runs, "x", "model.path=\"" + missing + "\""), missing.toString(), "does not exist");
    }

    @Test
    void embedInputProblemsNameTheFileAndLine() throws IOException {
        Path model = CliFixtures.tinyModel();
        Path npy = tmp.resolve("out.npy");
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        refused(args("embed", "--model", model, "--input", empty, "--output", npy), "--input " + empty, "is empty");
        Path blanks = Files.writeString(tmp.resolve("blanks.txt"), "\n \n");
        refused(args("embed", "--model", model, "--input", blanks, "--output", npy), "--input " + blanks, "is empty");
        Path gap = Files.writeString(tmp.resolve("gap.txt"), "first\nsecond\n\nfourth\n");
        refused(args("embed", "--model", model, "--input", gap, "--output", npy), gap + ":3:", "blank line");
        Path latin1 = Files.write(tmp.resolve("latin1.txt"), "ok\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(args("embed", "--model", model, "--input", latin1, "--output", npy), latin1 + ":2:", "not valid UTF-8");
        Path missing = tmp.resolve("missing.txt");
        refused(args("embed", "--model", model, "--input", missing, "--output", npy), "--input " + missing, "does not exist");
    }

    @Test
    void embedOutputMustBeJsonlOrNpy() throws IOException {
        Path model = CliFixtures.tinyModel();
        Path txt = tmp.resolve("out.txt");
        refused(args("embed", "--model", model, "--input", sentences, "--output", txt), "--output " + txt, ".jsonl", ".npy");
        Path dir = Files.createDirectories(tmp.resolve("vectors.npy"));
        refused(args("embed", "--model", model, "--input", sentences, "--output", dir), "--output " + dir, "is a directory");
    }

    @Test
    void badDeviceAndBatchSize() {
        Path model = CliFixtures.tinyModel();
        Path npy = tmp.resolve("out.npy");
        refused(args("embed", "--model", model, "--input", sentences, "--output", npy, "--device", "gpu:99"), "--device gpu:99");
        refused(args("embed", "--model", model, "--input", sentences, "--output", npy, "--device", "tpu"), "--device tpu",
                "expected cpu or gpu:N");
        refused(args("embed", "--model", model, "--input", sentences, "--output", npy, "--batch-size", 0), "--batch-size", "got 0");
    }

    @Test
    void evalTaskAndSplitProblems() {
        Path model = CliFixtures.tinyModel();
        Path data = CliFixtures.downstream();
        refused(args("eval", "--model", model, "--data", data, "--output", out, "--tasks", "STSBenchmark,STS99"),
                "'STS99'", "STS12", "STS16", "STSBenchmark", "SICKRelatedness");
        refused(args("eval", "--model", model, "--data", data, "--output", out, "--split", "bogus"),
                "'bogus'", "train, dev or test");
        refused(args("eval", "--model", model, "--data", data, "--output", out, "--tasks", "STS12", "--split", "dev"),
                "STS12", "only a test split");
        Path missingData = tmp.resolve("no-such-data");
        refused(args("eval", "--model", model, "--data", missingData, "--output", out), "--data " + missingData, "does not exist");
    }

    /**
     * Decision: a selected task whose files are absent is reported as "missing" in the table
     * (see EndToEndTest), but when none of them is there, --data is wrong: exit 2, before any
     * model is loaded, and nothing is written.
     */
    @Test
    void evalOnAFolderWithNoneOfTheTasksIsAnError() throws IOException {
        Path model = CliFixtures.tinyModel();
        Path empty = Files.createDirectories(tmp.resolve("downstream"));
        refused(args("eval", "--model", model, "--data", empty, "--output", out),
                "--data " + empty, "none of the selected tasks", "STSBenchmark", "STS/STSBenchmark/sts-test.csv", "SICK/SICK_test_annotated.txt");
        refused(args("eval", "--model", model, "--data", empty, "--output", out, "--split", "dev", "--tasks", "STSB"),
                "none of the selected tasks", "STS/STSBenchmark/sts-dev.csv");
    }

    @Test
    void evalOnAMalformedDataFileNamesFileAndLine() throws IOException {
        Path model = CliFixtures.tinyModel();
        Path stsb = Files.createDirectories(tmp.resolve("downstream/STS/STSBenchmark"));
        Path dev = Files.writeString(stsb.resolve("sts-dev.csv"),
                "main-captions\tMSRvid\t2012test\t0000\t5.000\tA man plays.\tA man is playing.\n"
                        + "main-captions\tMSRvid\t2012test\t0001\tfive\tA dog.\tA cat.\n");
        refused(args("eval", "--model", model, "--data", tmp.resolve("downstream"), "--output", out, "--split", "dev"),
                dev + ":2");
    }

    @Test
    void iclSearchPoolAndDataProblems() throws IOException {
        Path model = CliFixtures.tinyModel();
        Path data = CliFixtures.downstream();
        Path missing = tmp.resolve("pool.tsv");
        refused(args("icl-search", "--model", model, "--data", data, "--output", out, "--pool", missing), missing.toString(),
                "does not exist");
        Path pool = Files.writeString(tmp.resolve("bad-pool.tsv"), "sentence\tword\nA cat sits.\tcat\nonly one column\n");
        refused(args("icl-search", "--model", model, "--data", data, "--output", out, "--pool", pool), pool + ":3");
        Path empty = Files.createDirectories(tmp.resolve("downstream"));
        refused(args("icl-search", "--model", model, "--data", empty, "--output", out), "STS-B dev", "sts-dev.csv");
    }

    @Test
    void exportOfSomethingThatIsNotACheckpoint() {
        Path missing = tmp.resolve("no-such-checkpoint");
        refused(args("export", "--checkpoint", missing, "--output", out), "--checkpoint " + missing, "does not exist");
        Path model = CliFixtures.tinyModel();
        refused(args("export", "--checkpoint", model, "--output", out), model.toString(), "no complete checkpoint");
    }

    @Test
    void trainRecipeProblems() {
        refused(CliFixtures.trainArgs(tmp.resolve("runs"), "x", "lora.rank=8"), "lora.rank", "did you mean 'lora.r'");
        refused(args("train", "lora.r=8", "tiny"), "the recipe comes first", "sentemb train tiny lora.r=8");
        Path missing = tmp.resolve("no-such.conf");
        refused(args("train", missing), "recipe file " + missing, "does not exist");
        refused(args("train"), "give a recipe");
        refused(args("train", "tiny", "--stop-after", 0), "--stop-after", "got 0");
        Path resume = tmp.resolve("no-such-run");
        refused(args("train", "--resume", resume), "--resume " + resume, "does not exist");
    }

    @Test
    void trainOnAMalformedDataFileNamesFileAndLine() throws IOException {
        Path csv = Files.writeString(tmp.resolve("nli.csv"), "sent0,sent1,hard_neg\na,b,c\nd,e\n");
        Path runs = tmp.resolve("runs");
        refused(CliFixtures.trainArgs(runs, "x", "data.train=\"" + csv + "\""), csv + ":3:", "expected 3 fields");
        assertFalse(Files.exists(runs));
    }

    @Test
    void initProblems() throws IOException {
        refused(args("init", "--output", out, "--hidden", 30, "--heads", 4), "--heads 4 must divide --hidden 30");
        refused(args("init", "--output", out, "--layers", 0), "--layers", "got 0");
        Path tok = tmp.resolve("no-such-tokenizer");
        refused(args("init", "--output", out, "--tokenizer", tok), "--tokenizer " + tok, "does not exist");
        Path precious = Files.createDirectories(tmp.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");
        refused(args("init", "--output", precious), "--output " + precious, "is not empty", "--force");
        refused(args("init", "--output", precious, "--force"), "--output " + precious, "not a model directory");
    }

    /** init never replaces a trained export silently: a model folder needs --force. */
    @Test
    void initRefusesAModelFolderWithoutForce() throws IOException {
        Path model = tmp.resolve("trained");
        Cli.ok("init", "--output", model, "--hidden", 16, "--heads", 2, "--ffn", 32, "--seed", 1);
        byte[] weights = Files.readAllBytes(model.resolve("model.safetensors"));
        refused(args("init", "--output", model, "--hidden", 16, "--heads", 2, "--ffn", 32, "--seed", 2), "--output " + model,
                "is not empty (--force replaces a model folder)");
        org.junit.jupiter.api.Assertions.assertArrayEquals(weights, Files.readAllBytes(model.resolve("model.safetensors")));
        Cli.ok("init", "--output", model, "--hidden", 16, "--heads", 2, "--ffn", 32, "--seed", 2, "--force");
        assertFalse(java.util.Arrays.equals(weights, Files.readAllBytes(model.resolve("model.safetensors"))));
    }
}
