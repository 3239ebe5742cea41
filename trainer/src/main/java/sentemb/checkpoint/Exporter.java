package sentemb.checkpoint;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.eval.StsReport;
import sentemb.io.AtomicFiles;
import sentemb.io.ProjectPaths;
import sentemb.model.DecoderModel;
import sentemb.model.lora.LoraInjector;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeLoader;
import sentemb.setup.RecipeSetup;

/**
 * {@code sentemb export}: rebuilds the trained model from a checkpoint (base weights as the
 * recipe describes them, plus the checkpoint's trainable tensors), folds LoRA into the base
 * weights and writes a Hugging Face directory that embeds exactly as the run did. The output
 * appears atomically; a failed export leaves nothing behind.
 */
public final class Exporter {
    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    private Exporter() {}

    /** The model of a checkpoint, with its adapters still separate (not merged). */
    public static DecoderModel restore(Path checkpoint, Recipe recipe) throws IOException {
        TrainingCheckpoint ck = TrainingCheckpoint.read(checkpoint);
        DecoderModel model = RecipeSetup.baseModel(recipe, Device.cpu(), DataType.FLOAT32);
        Map<String, Parameter> trainable = RecipeSetup.makeTrainable(recipe, model);
        Map<String, NDArray> targets = new LinkedHashMap<>();
        trainable.forEach((name, p) -> targets.put(name, p.getArray()));
        try {
            TrainableTensors.copyInto(ck, targets);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    public static Recipe recipeOf(Path checkpoint) throws IOException {
        return RecipeLoader.fromResolvedHocon(TrainingCheckpoint.readRecipe(checkpoint), checkpoint.resolve(TrainingCheckpoint.RECIPE).toString());
    }

    public static void export(Path checkpoint, Path output, boolean peft) throws IOException {
        export(checkpoint, output, peft, HfExport.DEFAULT_MAX_SHARD_BYTES);
    }

    /** As above, sharding the weights above {@code maxShardBytes}. */
    public static void export(Path checkpoint, Path output, boolean peft, long maxShardBytes) throws IOException {
        Recipe recipe = recipeOf(checkpoint);
        if (peft && !recipe.lora().enabled()) {
            throw new IllegalArgumentException("--peft: checkpoint " + checkpoint + " was trained without LoRA (lora.enabled = false)");
        }
        Path tmp = AtomicFiles.tempSibling(output);
        try (DecoderModel model = restore(checkpoint, recipe)) {
            if (peft) {
                TrainingCheckpoint ck = TrainingCheckpoint.read(checkpoint);
                // the modules restore() put adapters on: the recipe's, or its model family's default
                var trained = recipe.lora().adapter(model.family());
                HfExport.writePeftAdapter(tmp.resolve("adapter"), model.family(), ck.trainable(), recipe.lora().r(), recipe.lora().alpha(),
                        recipe.lora().dropout(), trained.targets(), baseModelId(recipe));
            }
            LoraInjector.mergeAll(model);
            EmbeddingSpec spec = EmbeddingSpec.of(RecipeSetup.evalRepresentation(recipe), recipe.representation().cutoff());
            HfExport.writeModel(tmp, model, ProjectPaths.resolve(recipe.model().tokenizerDir()), spec, maxShardBytes);
            AtomicFiles.writeString(tmp.resolve("README.md"), ModelCard.render(recipe, checkpoint, baseModelId(recipe),
                    finalResults(checkpoint), ModelCard.isShippedSample(recipe.eval().data())));
            AtomicFiles.publishDirectory(tmp, output);
            LOG.info("exported {} to {}{}", checkpoint, output, peft ? " (with PEFT adapter in adapter/)" : "");
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
    }

    /** The run's final results.json, if the run wrote one. */
    private static JsonNode finalResults(Path checkpoint) throws IOException {
        Path file = checkpoint.toAbsolutePath().getParent().resolve("final").resolve(StsReport.RESULTS_FILE);
        return Files.isRegularFile(file) ? new ObjectMapper().readTree(file.toFile()) : null;
    }

    /**
     * The base model as the Hugging Face hub knows it: the {@code _name_or_path} its
     * config.json records (e.g. facebook/opt-1.3b) when that is not a local path, else the
     * folder the recipe names; {@code random:<seed>} for a random model.
     */
    static String baseModelId(Recipe recipe) throws IOException {
        if (recipe.model().path().isEmpty()) {
            return "random:" + recipe.model().init().seed();
        }
        Path dir = ProjectPaths.resolve(recipe.model().path().get());
        Path config = dir.resolve("config.json");
        if (Files.isRegularFile(config)) {
            JsonNode name = new ObjectMapper().readTree(config.toFile()).get("_name_or_path");
            if (name != null && name.isTextual() && isHubId(name.asText())) {
                return name.asText();
            }
        }
        return recipe.model().path().get().toString();
    }

    /** {@code owner/name} or {@code name} as the hub spells repository ids, not a filesystem path. */
    static boolean isHubId(String s) {
        return s.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?") && !Files.exists(Path.of(s));
    }
}
