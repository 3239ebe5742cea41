package sentemb.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import sentemb.TestPaths;

/** The shipped recipes resolve, and the paper's ones carry the reference's settings. */
class PaperRecipesTest {
    private static final List<String> ALL_LINEAR = List.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2");
    private static final List<String> SEVEN_STS = List.of(
            "STS12", "STS13", "STS14", "STS15", "STS16", "STSBenchmark", "SICKRelatedness");

    static Recipe load(String name) {
        return RecipeLoader.load(TestPaths.repoRoot().resolve("recipes").resolve(name));
    }

    // Values from kongds/scaling_sentemb train_llm.sh (batch_size / micro_batch_size / nproc_per_node).
    @ParameterizedTest
    @CsvSource({
            "opt-1.3b-cse.conf, opt-1.3b, 256, 2, 128",
            "opt-2.7b-cse.conf, opt-2.7b, 256, 2, 128",
            "opt-6.7b-cse.conf, opt-6.7b, 256, 4, 64",
            "opt-13b-cse.conf,  opt-13b,  200, 8, 25",
    })
    void paperRecipe(String file, String model, int batch, int gpus, int perGpu) {
        Recipe r = load(file);
        assertEquals(model + "-cse", r.run().name());
        assertEquals(Optional.of(Path.of("models/" + model)), r.model().path());
        assertEquals(Path.of("data/nli_for_simcse.csv"), r.data().train());

        assertEquals(batch, r.batch().size());
        assertEquals(0, r.batch().microSize());
        assertEquals(gpus, r.replicas());
        assertEquals(perGpu, r.perReplicaBatch());
        for (int i = 0; i < gpus; i++) {
            assertEquals("gpu:" + i, r.devices().get(i));
        }
        assertEquals(Recipe.Precision.FP16, r.precision());

        assertEquals(new Recipe.Lora(true, 64, 16, 0.05, ALL_LINEAR), r.lora());
        assertEquals(5e-4, r.optimizer().lr());
        assertEquals(new Recipe.Optimizer(5e-4, 0.0, 0.9, 0.999, 1e-8, 1.0, Recipe.Optimizer.Variant.HF_LEGACY, 0), r.optimizer());
        assertEquals(new Recipe.Schedule(100, 1, -1), r.schedule());
        assertEquals(new Recipe.Loss(0.05, 0.0), r.loss());
        assertEquals("This_sentence_:_\"*sent_0*\"_means_in_one_word:\"", r.representation().template());
        assertEquals(Optional.empty(), r.representation().demonstration());
        assertEquals(sentemb.model.Pooling.LAST, r.representation().pooling());
        assertEquals(32, r.representation().cutoff());
        assertEquals(42, r.run().seed());

        assertEquals(50, r.checkpoint().saveEvery());
        assertTrue(r.checkpoint().keepBest());
        assertEquals(50, r.eval().every());
        assertEquals(List.of("STSBenchmark"), r.eval().tasks());
        assertEquals(SEVEN_STS, r.eval().finalTasks());
    }

    @Test
    void opt125mFullFineTune() {
        Recipe r = load("opt-125m-full.conf");
        assertFalse(r.lora().enabled());
        assertEquals(5e-5, r.optimizer().lr());
        assertEquals(Optional.of(Path.of("models/opt-125m")), r.model().path());
        assertEquals(List.of("gpu:0"), r.devices());
        assertEquals(256, r.batch().size());
        assertEquals(Recipe.Precision.FP32, r.precision());
        assertEquals(0.05, r.loss().temperature());
        assertEquals(32, r.representation().cutoff());
        assertEquals(new Recipe.Schedule(100, 1, -1), r.schedule());
    }

    @Test
    void tinyRunsOnTheCpuFromARandomModel() {
        Recipe r = load("tiny.conf");
        assertEquals(Optional.empty(), r.model().path());
        assertEquals(List.of("cpu"), r.devices());
        assertEquals(Recipe.Precision.FP32, r.precision());
        assertEquals(32, r.batch().size());
        assertEquals(80, r.schedule().maxSteps());
        assertEquals(Path.of("data/nli-sample.csv"), r.data().train());
        assertEquals(Path.of("data/sts-sample"), r.eval().data());
    }

    @Test
    void ciRegressionReadsTheSharedData() {
        Recipe r = load("ci-regression.conf");
        assertEquals(Optional.empty(), r.model().path());
        assertEquals(List.of("cpu"), r.devices());
        assertEquals(List.of("STSBenchmark"), r.eval().tasks());
        assertEquals(List.of("STSBenchmark"), r.eval().finalTasks());
        // Relative paths resolve against the working directory: the repository root in CI.
        Path root = TestPaths.repoRoot();
        Assumptions.assumeTrue(Files.isDirectory(TestPaths.sharedData()), "shared data not present");
        assertTrue(Files.isRegularFile(root.resolve(r.data().train())), r.data().train().toString());
        assertTrue(Files.isRegularFile(root.resolve(r.eval().data()).resolve("STS/STSBenchmark/sts-dev.csv")));
        assertTrue(Files.isRegularFile(root.resolve(r.eval().data()).resolve("STS/STSBenchmark/sts-test.csv")));
    }

    @ParameterizedTest
    @CsvSource({"tiny", "ci-regression", "opt-2.7b-cse", "opt-125m-full"})
    void bundledCopyLoadsTheSameRecipe(String name) {
        assertEquals(load(name + ".conf"), RecipeLoader.loadBundled(name, List.of(), Map.of()));
    }
}
