package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command line beats environment beats file beats base.conf; values are HOCON. */
class OverridesTest {
    @TempDir
    Path dir;

    @Test
    void precedence() throws IOException {
        Path file = dir.resolve("r.conf");
        Files.writeString(file, "lora.r = 16\n");
        Path empty = dir.resolve("empty.conf");
        Files.writeString(empty, "");
        Map<String, String> env = Map.of("SENTEMB_LORA_R", "8");

        assertEquals(4, RecipeLoader.load(file, List.of("lora.r=4"), env).lora().r());
        assertEquals(8, RecipeLoader.load(file, List.of(), env).lora().r());
        assertEquals(16, RecipeLoader.load(file, List.of(), Map.of()).lora().r());
        assertEquals(64, RecipeLoader.load(empty, List.of(), Map.of()).lora().r());
        assertEquals(8, RecipeLoader.load(empty, List.of(), env).lora().r());
        // The later of two command-line overrides wins.
        assertEquals(2, RecipeLoader.load(file, List.of("lora.r=4", "lora.r=2"), env).lora().r());
    }

    @Test
    void valuesAreParsedAsHocon() throws IOException {
        Path file = dir.resolve("r.conf");
        Files.writeString(file, "model.path = \"models/opt-125m\"\nrun.name = base\nrun.dir = \"out/\"${run.name}\n");
        Recipe r = RecipeLoader.load(file,
                List.of("lora.targets=[q_proj,k_proj]", "model.path=null", "devices=[\"gpu:0\",\"gpu:1\"]",
                        "precision=fp16", "run.name=from-cli", "model.init.word-embed-proj-dim=32"),
                Map.of("SENTEMB_OPTIMIZER_MAX_GRAD_NORM", "0.5", "SENTEMB_EVAL_FINAL_TASKS", "[STS12, SICKRelatedness]",
                        "SENTEMB_REPRESENTATION_DEMONSTRATION", "opt-125m"));
        assertEquals(Optional.of(List.of("q_proj", "k_proj")), r.lora().targets());
        assertEquals(Optional.empty(), r.model().path());
        assertEquals(List.of("gpu:0", "gpu:1"), r.devices());
        assertEquals(Recipe.Precision.FP16, r.precision());
        assertEquals(0.5, r.optimizer().maxGradNorm());
        assertEquals(List.of("STS12", "SICKRelatedness"), r.eval().finalTasks());
        assertEquals("Smoking", r.representation().demonstration().orElseThrow().word());
        assertEquals(Optional.of(32), r.model().init().wordEmbedProjDim());
        // Substitutions resolve after merging, so they see the command line's value.
        assertEquals("from-cli", r.run().name());
        assertEquals(Path.of("out/from-cli"), r.run().dir());
    }
}
