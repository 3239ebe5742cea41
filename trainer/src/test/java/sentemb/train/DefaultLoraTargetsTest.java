package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.checkpoint.Exporter;
import sentemb.model.llama.LlamaFixtures;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeLoader;

/**
 * A LLaMA-family run whose recipe names no LoRA targets trains the family's default modules
 * (PEFT's q_proj, v_proj), saves them in the checkpoint's recipe, and exports a PEFT adapter
 * whose target_modules are exactly the trained ones.
 */
class DefaultLoraTargetsTest {
    private static final Pattern ADAPTER = Pattern.compile("\\.([a-z_]+)\\.lora_[AB]\\.weight$");

    @Test
    void theFamilysDefaultIsTrainedSavedAndExported(@TempDir Path tmp) throws Exception {
        Recipe r = TinyRuns.recipe(tmp, "d", "model.path=\"" + LlamaFixtures.dir("llama") + "\"", "lora.enabled=true", "lora.r=4",
                "lora.targets=null", "schedule.max-steps=1");
        try (Trainer t = new Trainer(r, r.resolvedHocon())) {
            assertEquals(1, t.train(Optional.empty(), Long.MAX_VALUE).stepsDone());
        }
        Path step = tmp.resolve("d").resolve("step-1");
        TreeSet<String> trained = new TreeSet<>();
        for (String key : TinyRuns.weights(step).keySet()) {
            Matcher m = ADAPTER.matcher(key);
            trained.add(m.find() ? m.group(1) : "not an adapter: " + key);
        }
        assertEquals(new TreeSet<>(List.of("q_proj", "v_proj")), trained);
        Recipe saved = RecipeLoader.fromResolvedHocon(Files.readString(step.resolve("recipe.conf")), "saved");
        assertEquals(Optional.of(List.of("q_proj", "v_proj")), saved.lora().targets());

        Path out = tmp.resolve("export");
        Exporter.export(step, out, true);
        JsonNode adapter = new ObjectMapper().readTree(out.resolve("adapter/adapter_config.json").toFile());
        List<String> exported = new ArrayList<>();
        adapter.get("target_modules").forEach(n -> exported.add(n.asText()));
        assertEquals(List.of("q_proj", "v_proj"), exported);
    }
}
