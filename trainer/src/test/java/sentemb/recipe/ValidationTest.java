package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys, wrong types and out-of-range values: every problem, with file:line and a hint. */
class ValidationTest {
    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private RecipeException fails(Path file, List<String> overrides, Map<String, String> env) {
        return assertThrows(RecipeException.class, () -> RecipeLoader.load(file, overrides, env));
    }

    private RecipeException fails(String... lines) throws IOException {
        return fails(write("r.conf", lines), List.of(), Map.of());
    }

    private static void assertProblem(RecipeException e, String expected) {
        assertTrue(e.problems().contains(expected), "expected problem:\n  " + expected + "\ngot:\n" + e.getMessage());
    }

    @Test
    void misspelledKeysNameFileLineAndTheClosestKey() throws IOException {
        Path f = write("r.conf",
                "# line 1",
                "lora.rank = 8",
                "optimizer {",
                "  learning-rate = 1e-4",
                "  warmup-steps = 10",
                "}",
                "optimiser.eps = 1e-6",
                "lr = 0.1");
        RecipeException e = fails(f, List.of(), Map.of());
        assertProblem(e, f + ":2: unknown key 'lora.rank'; did you mean 'lora.r'?");
        assertProblem(e, f + ":4: unknown key 'optimizer.learning-rate'; did you mean 'optimizer.lr'?");
        assertProblem(e, f + ":5: unknown key 'optimizer.warmup-steps'; did you mean 'schedule.warmup-steps'?");
        assertProblem(e, f + ":7: unknown key 'optimiser.eps'; did you mean 'optimizer.eps'?");
        assertProblem(e, f + ":8: unknown key 'lr'; did you mean 'optimizer.lr'?");
        assertEquals(5, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("recipe " + f + ": 5 problems"), e.getMessage());
    }

    @Test
    void unknownKeyInAnIncludedFileNamesThatFile() throws IOException {
        Path inc = write("common.conf", "", "", "lora.alhpa = 8");
        Path f = write("r.conf", "include \"common.conf\"", "lora.r = 8");
        RecipeException e = fails(f, List.of(), Map.of());
        assertEquals(List.of(inc + ":3: unknown key 'lora.alhpa'; did you mean 'lora.alpha'?"), e.problems());
    }

    @Test
    void wrongTypesNameTheExpectedType() throws IOException {
        Path f = write("r.conf",
                "lora.r = \"eight\"",
                "lora.enabled = yes",
                "optimizer.lr = [1]",
                "batch.size = 12.5",
                "lora.targets = q_proj",
                "model.path = 3",
                "precision = 16",
                "lora = 8");
        RecipeException e = fails(f, List.of(), Map.of());
        // lora = 8 on line 8 replaces the whole group, so lines 1, 2 and 5 are gone.
        assertProblem(e, f + ":3: 'optimizer.lr' must be a number, got list [1]");
        assertProblem(e, f + ":4: 'batch.size' must be an integer, got number 12.5");
        assertProblem(e, f + ":6: 'model.path' must be null or a path (string), got number 3");
        assertProblem(e, f + ":7: 'precision' must be one of fp32, fp16, got number 16");
        assertProblem(e, f + ":8: 'lora' must be a group of settings { ... }, got number 8");
        assertEquals(5, e.problems().size(), e.getMessage());

        Path g = write("g.conf",
                "lora.r = \"eight\"",
                "lora.enabled = yes",
                "lora.targets = q_proj");
        RecipeException e2 = fails(g, List.of(), Map.of());
        assertEquals(List.of(
                g + ":2: 'lora.enabled' must be a boolean (true or false), got string \"yes\"",
                g + ":1: 'lora.r' must be an integer, got string \"eight\"",
                g + ":3: 'lora.targets' must be a list of strings, got string \"q_proj\""), e2.problems());
    }

    @Test
    void outOfRangeValuesNameTheAllowedRange() throws IOException {
        Path f = write("r.conf",
                "lora.dropout = 1.0", // HOCON stores an integral 1.0 as the integer 1
                "lora.r = 0",
                "loss.temperature = -0.05",
                "optimizer.weight-decay = -1",
                "schedule.max-steps = 0",
                "checkpoint.keep-last = 0",
                "precision = bf16",
                "lora.targets = [q_proj, lm_head]",
                "model.dropout = 1.5",
                "model.init.vocab-size = 3000000000");
        RecipeException e = fails(f, List.of(), Map.of());
        assertProblem(e, f + ":1: 'lora.dropout' = 1 is out of range; allowed: [0, 1)");
        assertProblem(e, f + ":2: 'lora.r' = 0 is out of range; allowed: > 0");
        assertProblem(e, f + ":3: 'loss.temperature' = -0.05 is out of range; allowed: > 0");
        assertProblem(e, f + ":4: 'optimizer.weight-decay' = -1 is out of range; allowed: >= 0");
        assertProblem(e, f + ":5: 'schedule.max-steps' = 0 is out of range; allowed: -1 (from epochs) or >= 1");
        assertProblem(e, f + ":6: 'checkpoint.keep-last' = 0 is out of range; allowed: >= 1");
        assertProblem(e, f + ":7: 'precision' = \"bf16\" is not one of fp32, fp16; did you mean 'fp16'?");
        assertProblem(e, f + ":8: 'lora.targets' has \"lm_head\", which is not one of "
                + "q_proj, k_proj, v_proj, out_proj, fc1, fc2, o_proj, gate_proj, up_proj, down_proj; did you mean 'q_proj'?");
        assertProblem(e, f + ":9: 'model.dropout' = 1.5 is out of range; allowed: [0, 1)");
        assertProblem(e, f + ":10: 'model.init.vocab-size' = 3000000000 is out of range; allowed: >= 4");
        assertEquals(10, e.problems().size(), e.getMessage());
    }

    @Test
    void cpuWorkersOutOfRangeAreRefused() throws IOException {
        Path f = write("w.conf", "cpu-workers = 0");
        RecipeException e = fails(f, List.of(), Map.of());
        assertProblem(e, f + ":1: 'cpu-workers' = 0 is out of range; allowed: in [1, 64]");
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(3, RecipeLoader.load(f, List.of("cpu-workers=3"), Map.of()).cpuWorkers());
        assertEquals(6, RecipeLoader.load(f, List.of("cpu-workers=3", "devices=[cpu,cpu]"), Map.of()).replicaCount());
    }

    @Test
    void negativeTrimIntervalIsRefused() throws IOException {
        Path f = write("r.conf", "memory.trim-every = -100");
        RecipeException e = fails(f, List.of(), Map.of());
        assertProblem(e, f + ":1: 'memory.trim-every' = -100 is out of range; allowed: >= 0");
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(0, RecipeLoader.load(f, List.of("memory.trim-every=0"), Map.of()).memory().trimEvery(), "0 = never");
    }

    @Test
    void rulesBetweenSettings() throws IOException {
        Path f = write("r.conf",
                "devices = [\"cpu\", \"cpu\", \"cpu\"]",
                "batch.size = 100",
                "precision = fp16",
                "model.init { hidden-size = 64, num-heads = 5 }",
                "representation.template = \"no slot here\"",
                "eval { every = 0 }");
        RecipeException e = fails(f, List.of(), Map.of());
        assertProblem(e, f + ":2: 'batch.size' = 100 must be a multiple of the number of devices (3)");
        assertProblem(e, f + ":4: 'model.init.num-heads' = 5 must divide model.init.hidden-size = 64");
        assertProblem(e, f + ":5: 'representation.template' must contain *sent_0* exactly once, has it 0 times");
        assertProblem(e, "classpath:recipes/base.conf:" + baseLine("keep-best = true")
                + ": 'checkpoint.keep-best' = true needs scores, so eval.every must be > 0 "
                + "(or set checkpoint.keep-best = false)");
        assertEquals(4, e.problems().size(), e.getMessage()); // fp16 on the cpu is allowed (a warning at start)

        RecipeException devices = fails("devices = [\"gpu:0\", \"gpu:0\", \"cuda\", \"cpu\"]");
        assertEquals(3, devices.problems().size(), devices.getMessage());
        assertTrue(devices.getMessage().contains("'devices' lists \"gpu:0\" twice"), devices.getMessage());
        assertTrue(devices.getMessage().contains("'devices' has \"cuda\"; each entry must be \"cpu\" or \"gpu:<index>\""));
        assertTrue(devices.getMessage().contains("mixes cpu and gpu"), devices.getMessage());

        RecipeException micro = fails("devices = [\"gpu:0\", \"gpu:1\"]", "batch { size = 64, micro-size = 40 }");
        assertTrue(micro.getMessage().contains(":2: 'batch.micro-size' = 40 must be at most the per-device batch 32"),
                micro.getMessage());
    }

    @Test
    void packedSettingAndRetiredBucketKeys() throws IOException {
        assertTrue(RecipeLoader.defaults().batch().packed());
        Recipe r = RecipeLoader.load(write("b.conf", "batch { packed = false }"));
        assertEquals(false, r.batch().packed());
        // and the saved recipe reads back the same
        assertEquals(r.batch(), RecipeLoader.fromResolvedHocon(r.resolvedHocon(), "saved").batch());
        RecipeException word = fails("batch.packed = sometimes");
        assertTrue(word.getMessage().contains("batch.packed"), word.getMessage());
        // recipes saved by the version with length buckets still load (the keys are ignored, with a warning)
        Recipe old = RecipeLoader.load(write("old.conf", "batch { length-buckets = auto, pass-overhead-tokens = null }"));
        assertTrue(old.batch().packed());
        assertTrue(!old.resolvedHocon().contains("length-buckets"), "retired keys are not saved again");
    }

    @Test
    void twoReplicasOnTheCpuAreValid() throws IOException {
        Recipe r = RecipeLoader.load(write("r.conf", "devices = [cpu, cpu]", "batch { size = 8, micro-size = 2 }"));
        assertEquals(2, r.replicas());
        assertEquals(4, r.perReplicaBatch());
    }

    @Test
    void demonstrations() throws IOException {
        Recipe preset = RecipeLoader.load(write("a.conf", "representation.demonstration = opt-2.7b"));
        assertEquals(new Recipe.Demonstration(java.util.Optional.of("opt-2.7b"), "A jockey riding a horse.", "Equestrian"),
                preset.representation().demonstration().orElseThrow());
        Recipe own = RecipeLoader.load(write("b.conf",
                "representation.demonstration { sentence = \"A cat.\", word = \"Cat\" }"));
        assertEquals(new Recipe.Demonstration(java.util.Optional.empty(), "A cat.", "Cat"),
                own.representation().demonstration().orElseThrow());

        Path f = write("c.conf", "representation.demonstration {", "  sentence = \"A cat.\"", "  wrod = \"Cat\"", "}");
        RecipeException e = fails(f, List.of(), Map.of());
        assertProblem(e, f + ":3: unknown key 'representation.demonstration.wrod'; did you mean 'word'?");
        assertProblem(e, f + ":1: 'representation.demonstration' needs 'word'");
        assertEquals(2, e.problems().size(), e.getMessage());

        RecipeException p = fails("representation.demonstration = opt-3b");
        assertTrue(p.problems().get(0).endsWith("'representation.demonstration' = \"opt-3b\" is not a preset; presets: "
                + "opt-125m, opt-350m, opt-1.3b, opt-2.7b, opt-6.7b, opt-13b, opt-30b, opt-66b; did you mean 'opt-13b'?"),
                p.getMessage());
    }

    @Test
    void overridesAreValidatedWithTheirOwnOrigin() throws IOException {
        Path f = write("r.conf", "lora.r = 16");
        RecipeException e = fails(f,
                List.of("lora.rank=8", "optimizer.lr=fast", "devices=[gpu:0]", "verbose", "lora.alpha="),
                Map.of("SENTEMB_LORA_RANK", "8", "SENTEMB_LORA_DROPOUT", "2", "SENTEMB_THREADS", "1", "SENTEMB_DEBUG", "1",
                        "PATH", "/bin"));
        assertProblem(e, "command-line override 'lora.rank=8': unknown key 'lora.rank'; did you mean 'lora.r'?");
        assertProblem(e, "command-line override 'optimizer.lr=fast': 'optimizer.lr' must be a number, got string \"fast\"");
        assertProblem(e, "command-line override 'verbose': expected key=value, e.g. lora.r=8");
        assertProblem(e, "command-line override 'lora.alpha=': the value is empty; write lora.alpha=null or lora.alpha=\"\"");
        assertProblem(e, "environment variable SENTEMB_LORA_RANK: not a recipe setting; "
                + "did you mean SENTEMB_LORA_R (lora.r)?");
        assertProblem(e, "environment variable SENTEMB_LORA_DROPOUT: 'lora.dropout' = 2 is out of range; allowed: [0, 1)");
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(
                "command-line override 'devices=[gpu:0]': not valid HOCON (")
                && p.endsWith("double-quote values holding : # , [ ] { } = or //, e.g. 'devices=[\"gpu:0\"]'")),
                e.getMessage());
        assertEquals(7, e.problems().size(), e.getMessage());
    }

    @Test
    void syntaxErrorsMissingFilesAndIncludes() throws IOException {
        Path bad = write("bad.conf", "lora {", "  r = 8", "");
        RecipeException syntax = fails(bad, List.of(), Map.of());
        assertEquals(1, syntax.problems().size());
        assertTrue(syntax.problems().get(0).startsWith(bad + ": 4: "), syntax.getMessage());

        RecipeException missing = fails(dir.resolve("nope.conf"), List.of(), Map.of());
        assertEquals(List.of("recipe file not found: " + dir.resolve("nope.conf")), missing.problems());

        // Plain HOCON would skip a missing include silently and drop its settings.
        Path inc = write("inc.conf", "include \"bsae.conf\"", "lora.r = 8");
        RecipeException include = fails(inc, List.of(), Map.of());
        assertEquals(List.of("include \"bsae.conf\": not found next to the including file, nor on the classpath "
                + "(bsae.conf: java.io.IOException: resource not found on classpath: bsae.conf)"), include.problems());

        // Includes nest, each relative to its own file, and stay strict at every level.
        Files.createDirectories(dir.resolve("sub"));
        write("sub/inner.conf", "lora.r = 4", "include \"../nope.conf\"");
        Path outer = write("outer.conf", "include \"sub/inner.conf\"");
        RecipeException nested = fails(outer, List.of(), Map.of());
        assertTrue(nested.getMessage().contains("include \"../nope.conf\": not found"), nested.getMessage());
        write("nope.conf", "lora.alpha = 2");
        Recipe ok = RecipeLoader.load(outer);
        assertEquals(4, ok.lora().r());
        assertEquals(2, ok.lora().alpha());

        Path unresolved = write("u.conf", "run.name = ${nothing.here}");
        RecipeException subst = fails(unresolved, List.of(), Map.of());
        assertTrue(subst.getMessage().contains("nothing.here"), subst.getMessage());
    }

    @Test
    void keySuggestionEditDistance() {
        // Hand-computed distances.
        assertEquals(3, KeySuggestions.levenshtein("kitten", "sitting"));
        assertEquals(3, KeySuggestions.levenshtein("rank", "r"));
        assertEquals(0, KeySuggestions.levenshtein("", ""));
        assertEquals(4, KeySuggestions.levenshtein("", "abcd"));
        assertEquals(2, KeySuggestions.levenshtein("flaw", "lawn"));
    }

    private static int baseLine(String text) {
        try {
            List<String> lines = Files.readAllLines(sentemb.TestPaths.repoRoot().resolve("recipes/base.conf"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().equals(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(text + " not in base.conf");
    }
}
