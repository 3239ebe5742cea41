package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sentemb.TestPaths;
import sentemb.model.families.DecoderFamilies;

/** The LLaMA-family recipes resolve, with the seed's hyper-parameters and the family's LoRA module names. */
class FamilyRecipesTest {
    private static final List<String> LLAMA_LINEAR =
            List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

    @ParameterizedTest
    @CsvSource({
            "llama-2-7b-cse,   Llama-2-7b-hf,   4, 64",
            "mistral-7b-cse,   Mistral-7B-v0.1, 4, 64",
            "qwen2.5-0.5b-cse, Qwen2.5-0.5B,    2, 128",
    })
    void paperStyleRecipe(String name, String model, int gpus, int perGpu) {
        Recipe r = PaperRecipesTest.load(name + ".conf");
        assertEquals(name, r.run().name());
        assertEquals(Optional.of(Path.of("models/" + model)), r.model().path());
        assertEquals(new Recipe.Lora(true, 64, 16, 0.05, LLAMA_LINEAR), r.lora());
        assertEquals(5e-4, r.optimizer().lr());
        assertEquals(256, r.batch().size());
        assertEquals(gpus, r.replicas());
        assertEquals(perGpu, r.perReplicaBatch());
        assertEquals(Recipe.Precision.FP16, r.precision());
        assertEquals(32, r.representation().cutoff());
        assertEquals(0.05, r.loss().temperature());
        assertEquals(Optional.empty(), r.representation().demonstration());
    }

    @Test
    void tinyLlamaRunsOnTheShippedModel() {
        Recipe r = PaperRecipesTest.load("tiny-llama.conf");
        assertEquals(List.of("cpu"), r.devices());
        assertEquals(LLAMA_LINEAR, r.lora().targets());
        Path dir = TestPaths.repoRoot().resolve(r.model().path().orElseThrow());
        assertEquals("llama", DecoderFamilies.readConfig(dir).modelType());
        assertEquals(r, RecipeLoader.loadBundled("tiny-llama", List.of(), Map.of()));
    }

    @Test
    void loraTargetsOfAnyFamilyAreAcceptedAndOthersNamed() {
        Path base = TestPaths.repoRoot().resolve("recipes/base.conf");
        assertEquals(List.of("o_proj"), RecipeLoader.load(base, List.of("lora.targets=[o_proj]"), Map.of()).lora().targets());
        RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(RecipeException.class,
                () -> RecipeLoader.load(base, List.of("lora.targets=[w_proj]"), Map.of()));
        assertTrue(e.getMessage().contains("w_proj"), e.getMessage());
    }
}
