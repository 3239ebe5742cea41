package sentemb.recipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import sentemb.io.ProjectPaths;
import sentemb.model.ConfigJson;
import sentemb.model.DecoderFamily;
import sentemb.model.families.DecoderFamilies;

/**
 * {@code lora.targets} against the family of the recipe's model, so the resolved recipe names
 * the modules that are trained: null becomes the family's default (PEFT's, from
 * {@link DecoderFamily#defaultLoraTargets}), and a module the family lacks is a problem naming
 * the key and the family's modules. The family is OPT for a random model, else
 * {@code model.path}'s config.json {@code model_type}. When that file is absent or unreadable
 * the targets stay as written: the model's loading reports the file, and the adapters'
 * injection checks the names and resolves null against the family it loaded.
 */
final class LoraTargets {
    private LoraTargets() {}

    static Recipe.Lora forModel(SettingReader in, Recipe.Model model, Recipe.Lora lora) {
        Optional<Family> family = family(model);
        if (family.isEmpty()) {
            return lora;
        }
        DecoderFamily f = family.get().family();
        if (lora.targets().isEmpty()) {
            return new Recipe.Lora(lora.enabled(), lora.r(), lora.alpha(), lora.dropout(), f.defaultLoraTargets());
        }
        for (String t : lora.targets().get()) {
            if (!f.loraTargets().contains(t)) {
                in.problem("lora.targets", "names \"" + t + "\", which " + family.get().what() + " lacks; the "
                        + f.name() + " family's modules: " + String.join(", ", f.loraTargets()));
            }
        }
        return lora;
    }

    /** A family and how the recipe's model came to it, for messages. */
    private record Family(DecoderFamily family, String what) {}

    private static Optional<Family> family(Recipe.Model model) {
        if (model.path().isEmpty()) {
            DecoderFamily random = DecoderFamilies.randomInit();
            return Optional.of(new Family(random, "a random " + random.name() + " model (model.path = null)"));
        }
        Path dir = ProjectPaths.resolve(model.path().get());
        Path file = dir.resolve(ConfigJson.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String type = ConfigJson.read(dir).path("model_type").asText("");
            return Optional.of(new Family(DecoderFamilies.forModelType(type, file), "model_type " + type + " (" + file + ")"));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a broken config.json is reported, with its line, where the model is loaded
        }
    }
}
