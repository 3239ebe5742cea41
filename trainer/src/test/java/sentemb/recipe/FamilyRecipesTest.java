package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import sentemb.model.llama.LlamaFamily;
import sentemb.model.opt.OptFamily;

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
        assertEquals(Optional.of(LLAMA_LINEAR), r.lora().targets());
        Path dir = TestPaths.repoRoot().resolve(r.model().path().orElseThrow());
        assertEquals("llama", DecoderFamilies.readConfig(dir).modelType());
        assertEquals(r, RecipeLoader.loadBundled("tiny-llama", List.of(), Map.of()));
    }

    @Test
    void loraTargetsOfTheModelsFamilyAreAcceptedAndOthersNamed() {
        Path base = TestPaths.repoRoot().resolve("recipes/base.conf");
        Path llama = TestPaths.repoRoot().resolve("recipes/tiny-llama.conf");
        assertEquals(Optional.of(List.of("o_proj")), RecipeLoader.load(llama, List.of("lora.targets=[o_proj]"), Map.of()).lora().targets());
        assertEquals(Optional.of(List.of("out_proj")), RecipeLoader.load(base, List.of("lora.targets=[out_proj]"), Map.of()).lora().targets());
        RecipeException e = assertThrows(RecipeException.class,
                () -> RecipeLoader.load(base, List.of("lora.targets=[w_proj]"), Map.of()));
        assertTrue(e.getMessage().contains("w_proj"), e.getMessage());
    }

    /** lora.targets = null (base.conf's default) is the family's PEFT default, written into the resolved recipe. */
    @Test
    void aLlamaRecipeWithoutTargetsGetsItsFamilysDefault() {
        assertEquals(List.of("q_proj", "v_proj"), LlamaFamily.INSTANCE.defaultLoraTargets());
        Path llama = TestPaths.repoRoot().resolve("recipes/tiny-llama.conf");
        Recipe r = RecipeLoader.load(llama, List.of("lora.targets=null"), Map.of());
        assertEquals(Optional.of(LlamaFamily.INSTANCE.defaultLoraTargets()), r.lora().targets());
        assertTrue(r.resolvedHocon().contains("targets = [\"q_proj\", \"v_proj\"]"), r.resolvedHocon());
        assertEquals(r, RecipeLoader.fromResolvedHocon(r.resolvedHocon(), "saved"));
        // base.conf names none: a random model gets OPT's default
        Recipe base = RecipeLoader.load(TestPaths.repoRoot().resolve("recipes/base.conf"), List.of(), Map.of());
        assertEquals(Optional.of(OptFamily.INSTANCE.defaultLoraTargets()), base.lora().targets());
        // a model whose config.json cannot be read yet keeps null; the adapters resolve it against the loaded family
        Recipe unread = RecipeLoader.load(llama, List.of("lora.targets=null", "model.path=\"no/such/model\""), Map.of());
        assertEquals(Optional.empty(), unread.lora().targets());
        assertTrue(unread.resolvedHocon().contains("targets = null"), unread.resolvedHocon());
        assertEquals(List.of("q_proj", "v_proj"), unread.lora().adapter(LlamaFamily.INSTANCE).targets());
    }

    /** A module the model's family lacks is refused when the recipe is read, naming the key and the family's modules. */
    @Test
    void aModuleOfAnotherFamilyIsNamedWithTheFamilysModules() {
        Path llama = TestPaths.repoRoot().resolve("recipes/tiny-llama.conf");
        RecipeException e = assertThrows(RecipeException.class,
                () -> RecipeLoader.load(llama, List.of("lora.targets=[q_proj, fc1]"), Map.of()));
        assertEquals(1, e.problems().size(), e.getMessage());
        String p = e.problems().get(0);
        assertTrue(p.contains("'lora.targets' names \"fc1\", which model_type llama (") && p.contains("config.json) lacks"), p);
        assertTrue(p.endsWith("the llama family's modules: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj"), p);
        Path base = TestPaths.repoRoot().resolve("recipes/base.conf");
        RecipeException opt = assertThrows(RecipeException.class,
                () -> RecipeLoader.load(base, List.of("lora.targets=[o_proj]"), Map.of()));
        assertTrue(opt.problems().get(0).contains("'lora.targets' names \"o_proj\", which a random opt model (model.path = null) lacks;"
                + " the opt family's modules: q_proj, k_proj, v_proj, out_proj, fc1, fc2"), opt.getMessage());
    }
}
