package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;

/** base.conf: the documented defaults, one comment per setting, and its classpath copy. */
class BaseRecipeTest {
    private static final Path BASE = TestPaths.repoRoot().resolve("recipes/base.conf");

    @Test
    void defaultsAreTheDocumentedValues() {
        Recipe r = RecipeLoader.defaults();
        // Expected values are the schema of the task brief, written out by hand.
        assertEquals(new Recipe.Run("run", Path.of("checkpoints"), 42), r.run());
        assertEquals(Optional.empty(), r.model().path());
        assertEquals(Optional.empty(), r.model().tokenizer());
        assertEquals(Path.of("data/tokenizer"), r.model().tokenizerDir());
        assertEquals(new Recipe.ModelInit(50272, 64, 2, 4, 256, 512, Optional.empty(), true, 42), r.model().init());
        assertEquals(64, r.model().init().effectiveWordEmbedProjDim());
        assertEquals(Optional.empty(), r.model().dropout());
        assertEquals(Optional.empty(), r.model().attentionDropout());
        assertEquals("This_sentence_:_\"*sent_0*\"_means_in_one_word:\"", r.representation().template());
        assertEquals(Optional.empty(), r.representation().demonstration());
        assertEquals(sentemb.model.Pooling.LAST, r.representation().pooling());
        assertEquals(32, r.representation().cutoff());
        assertEquals(new Recipe.Data(Path.of("data/nli-sample.csv"), 0, false), r.data());
        assertEquals(new Recipe.Loss(0.05, 0.0), r.loss());
        assertEquals(new Recipe.Lora(true, 64, 16, 0.05, List.of("q_proj", "v_proj")), r.lora());
        assertEquals(0.25, r.lora().scaling());
        assertEquals(new Recipe.Optimizer(5e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, Recipe.Optimizer.Variant.HF_LEGACY, 0), r.optimizer());
        assertEquals(new Recipe.Schedule(100, 1, -1), r.schedule());
        assertEquals(new Recipe.Batch(256, 0), r.batch());
        assertEquals(List.of("cpu"), r.devices());
        assertEquals(Recipe.Precision.FP32, r.precision());
        assertEquals(Recipe.Concurrency.AUTO, r.concurrency());
        assertTrue(r.concurrentReplicas(), "auto runs replicas at the same time");
        assertEquals(2, r.cpuWorkers());
        assertEquals(2, r.replicaCount());
        assertEquals(new Recipe.Checkpoint(50, 3, true), r.checkpoint());
        assertEquals(new Recipe.Eval(50, Path.of("../shared/data/downstream"), List.of("STSBenchmark"), 64,
                List.of("STSBenchmark")), r.eval());
        assertEquals(new Recipe.Logging(Recipe.LogFormat.CSV, true, true), r.logging());
        assertEquals(new Recipe.Memory(0), r.memory());
    }

    @Test
    void everySettingHasExactlyOneCommentLine() {
        Config base = ConfigFactory.parseFile(BASE.toFile());
        List<String> leaves = new ArrayList<>();
        collectLeaves(base.root(), "", leaves);
        List<String> undocumented = new ArrayList<>();
        for (String key : leaves) {
            ConfigValue v = lookup(base.root(), key);
            List<String> comments = v.origin().comments();
            if (comments.size() != 1 || comments.get(0).isBlank()) {
                undocumented.add(key + " " + comments);
            }
        }
        assertTrue(undocumented.isEmpty(), "settings without exactly one comment line: " + undocumented);
    }

    @Test
    void baseDefinesExactlyTheKeysTheReaderKnows() {
        Config base = ConfigFactory.parseFile(BASE.toFile());
        List<String> leaves = new ArrayList<>();
        collectLeaves(base.root(), "", leaves);
        assertEquals(Set.copyOf(leaves), Set.copyOf(RecipeLoader.keys()));
        assertEquals(60, leaves.size());
    }

    @Test
    void classpathCopyIsTheRepositoryFile() throws Exception {
        try (InputStream in = RecipeLoader.class.getClassLoader().getResourceAsStream(RecipeLoader.BASE_RESOURCE)) {
            assertNotNull(in, "recipes/base.conf must be on the classpath");
            assertArrayEquals(Files.readAllBytes(BASE), in.readAllBytes());
        }
    }

    @Test
    void loadingBaseFileEqualsDefaults() {
        assertEquals(RecipeLoader.defaults(), RecipeLoader.load(BASE));
    }

    @Test
    void everyKeyHasItsOwnEnvironmentVariable() {
        Set<String> names = new HashSet<>();
        for (String key : RecipeLoader.keys()) {
            assertTrue(names.add(EnvironmentOverrides.variableFor(key)), key);
        }
        assertEquals("SENTEMB_LORA_R", EnvironmentOverrides.variableFor("lora.r"));
        assertEquals("SENTEMB_OPTIMIZER_MAX_GRAD_NORM", EnvironmentOverrides.variableFor("optimizer.max-grad-norm"));
        assertEquals("SENTEMB_MODEL_INIT_WORD_EMBED_PROJ_DIM",
                EnvironmentOverrides.variableFor("model.init.word-embed-proj-dim"));
        // Every key can be set from the environment (no variable collides).
        Map<String, String> env = Map.of("SENTEMB_MODEL_INIT_NUM_LAYERS", "3");
        assertEquals(3, RecipeLoader.load(BASE, List.of(), env).model().init().numLayers());
    }

    static void collectLeaves(ConfigObject obj, String prefix, List<String> out) {
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                collectLeaves((ConfigObject) e.getValue(), prefix + e.getKey() + ".", out);
            } else {
                out.add(prefix + e.getKey());
            }
        }
    }

    private static ConfigValue lookup(ConfigObject root, String key) {
        ConfigValue v = root;
        for (String seg : key.split("\\.")) {
            v = ((ConfigObject) v).get(seg);
        }
        return v;
    }
}
