package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import sentemb.TestPaths;

/** resolvedHocon() reads back to an equal recipe, and writing is stable. */
class RoundTripTest {
    @TempDir
    Path dir;

    static Stream<Path> shippedRecipes() throws IOException {
        try (Stream<Path> s = Files.list(TestPaths.repoRoot().resolve("recipes"))) {
            return s.filter(p -> p.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("shippedRecipes")
    void shippedRecipeRoundTrips(Path file) {
        Recipe r = RecipeLoader.load(file);
        String text = r.resolvedHocon();
        Recipe back = RecipeLoader.fromResolvedHocon(text, "saved " + file.getFileName());
        assertEquals(r, back);
        assertEquals(text, back.resolvedHocon());
    }

    @Test
    void everyOptionalAndAwkwardValueRoundTrips() throws IOException {
        Path file = dir.resolve("r.conf");
        Files.writeString(file, String.join("\n",
                "run.name = \"odd_name-1.0\"",
                "model { path = \"/models/opt 125m\", tokenizer = \"tok\\\\dir\", dropout = 0.0, attention-dropout = 0.1 }",
                "model.init { word-embed-proj-dim = 32, do-layer-norm-before = false, seed = -7 }",
                "representation.template = \"Say_\\\"*sent_0*\\\"_in_one_word:\\\"\\u00e9\\t\"",
                "representation.demonstration { sentence = \"He said \\\"hi\\\".\", word = \"Greeting\" }",
                "representation.pooling = mean",
                "loss.hard-negative-weight = -1.5e-3",
                "optimizer { lr = 3.0e-5, eps = 1e-12, weight-decay = 0.01, beta2 = 0.98, max-grad-norm = 0 }",
                "schedule.max-steps = 1000",
                "devices = [\"gpu:3\", \"gpu:1\"]",
                "precision = fp16",
                "concurrency = sequential",
                "batch { size = 6, micro-size = 1 }",
                "eval { every = 0, tasks = [], final-tasks = [MR, STS14] }",
                "checkpoint.keep-best = false",
                "logging { format = jsonl, progress = false, plot = false }",
                "memory.trim-every = 7",
                ""));
        Recipe r = RecipeLoader.load(file);
        assertEquals("/models/opt 125m", r.model().path().orElseThrow().toString());
        assertEquals(-1.5e-3, r.loss().hardNegativeWeight());
        assertEquals(1e-12, r.optimizer().eps());
        String text = r.resolvedHocon();
        Recipe back = RecipeLoader.fromResolvedHocon(text, "saved");
        assertEquals(r, back);
        assertEquals(text, back.resolvedHocon());
    }

    @Test
    void resolvedTextIsPlainHoconInBaseOrder() {
        String text = RecipeLoader.defaults().resolvedHocon();
        List<String> lines = text.lines().toList();
        assertEquals("run {", lines.get(0));
        assertEquals("  name = \"run\"", lines.get(1));
        assertEquals(List.of("run {", "model {", "representation {", "data {", "loss {", "lora {", "optimizer {",
                        "schedule {", "batch {", "devices = [\"cpu\"]", "precision = \"fp32\"", "concurrency = \"auto\"", "cpu-workers = 2", "checkpoint {",
                        "eval {", "logging {", "memory {"),
                lines.stream().filter(l -> !l.startsWith(" ") && !l.equals("}")).toList());
        assertEquals(false, text.contains("#"));
        assertEquals(true, text.contains("  lr = 0.0005\n"));
        assertEquals(true, text.contains("  eps = 0.00000001\n"));
    }

    @Test
    void savedRecipeTakesOverridesWhenResuming() {
        String saved = RecipeLoader.defaults().resolvedHocon();
        Recipe resumed = RecipeLoader.fromResolvedHocon(saved, "checkpoint", List.of("schedule.max-steps=500"),
                Map.of("SENTEMB_BATCH_SIZE", "128"));
        assertEquals(500, resumed.schedule().maxSteps());
        assertEquals(128, resumed.batch().size());
    }
}
