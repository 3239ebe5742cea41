package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import sentemb.data.nli.NliDataset;
import sentemb.data.nli.NliTripletReader;
import sentemb.data.nli.Triplet;
import sentemb.io.ProjectPaths;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;
import sentemb.text.PromptTokenizer;

/**
 * The same global batch gives the same gradients (and after training, the same weights)
 * whether it runs whole on one replica, on two CPU replicas with gathered embeddings, on CPU
 * workers sharing one copy of the weights, or in GradCache micro-batches, in LoRA and full
 * fine-tuning: every anchor always sees the whole batch's negatives.
 */
class DataParallelEquivalenceTest {

    /** Summed gradients of one contrastive step on the first 8 triplets. */
    static List<float[]> gradients(Recipe recipe) throws Exception {
        try (PromptTokenizer tok = RecipeSetup.tokenizer(recipe)) {
            List<Replica> replicas = Replicas.build(recipe, tok.padId());
            try (MasterWeights master = new MasterWeights(replicas, n -> true)) {
                NliDataset data = new NliTripletReader().read(ProjectPaths.resolve(recipe.data().train()));
                List<Triplet> rows = data.subList(0, 8);
                TokenizedBatch batch = new TripletTokenizer(tok, RecipeSetup.trainRepresentation(recipe)).tokenize(rows);
                try (ContrastiveStep step = new ContrastiveStep(replicas, new InfoNceLoss(0.05, 0.0), recipe.batch().microSize(), 42,
                        recipe.concurrentReplicas())) {
                    step.run(0, batch, 1f);
                }
                List<float[]> out = new ArrayList<>();
                for (NDArray g : master.summedGradients(1f)) {
                    out.add(g.toFloatArray());
                    g.close();
                }
                return out;
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    static double maxRelDiff(List<float[]> a, List<float[]> b) {
        double maxAbs = 0;
        double maxDiff = 0;
        assertEquals(a.size(), b.size());
        for (int t = 0; t < a.size(); t++) {
            for (int i = 0; i < a.get(t).length; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(a.get(t)[i]));
                maxDiff = Math.max(maxDiff, Math.abs(a.get(t)[i] - b.get(t)[i]));
            }
        }
        assertTrue(maxAbs > 0, "all gradients are zero");
        return maxDiff / maxAbs;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lora.enabled=true", "lora.enabled=false"})
    void replicasWorkersAndGradCacheGiveTheWholeBatchGradient(String mode, @TempDir Path tmp) throws Exception {
        String[] common = {"model.dropout=0.0", mode, "lora.r=4", "lora.dropout=0.0",
            "lora.targets=[q_proj,k_proj,v_proj,out_proj,fc1,fc2]"};
        List<float[]> whole = gradients(TinyRuns.recipe(tmp, "one", concat(common, "cpu-workers=1")));
        String[][] routes = {
            {"devices=[cpu,cpu]", "cpu-workers=1"},
            {"batch.micro-size=3", "cpu-workers=1"},
            {"devices=[cpu,cpu]", "cpu-workers=1", "batch.micro-size=2"},
            {"cpu-workers=2"},
            {"cpu-workers=3"},
            {"cpu-workers=2", "batch.micro-size=2"},
            {"devices=[cpu,cpu]", "cpu-workers=2"},
            {"cpu-workers=2", "concurrency=sequential"}};
        for (String[] route : routes) {
            double d = maxRelDiff(whole, gradients(TinyRuns.recipe(tmp, "r", concat(common, route))));
            assertTrue(d < 1e-5, String.join(" ", route) + ": " + d);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"devices=[cpu,cpu]", "cpu-workers=2"})
    void dataParallelTrainingReachesTheSameWeights(String parallel, @TempDir Path tmp) throws Exception {
        String[] common = {"model.dropout=0.0", "lora.enabled=false", "optimizer.grad-divisor=1"};
        Recipe one = TinyRuns.recipe(tmp, "one", concat(common, "cpu-workers=1"));
        Recipe two = TinyRuns.recipe(tmp, "two", concat(common, parallel, parallel.startsWith("devices") ? "cpu-workers=1" : "devices=[cpu]"));
        for (Recipe r : List.of(one, two)) {
            try (Trainer t = new Trainer(r, r.resolvedHocon())) {
                t.train(Optional.empty(), Long.MAX_VALUE);
            }
        }
        double diff = TinyRuns.maxAbsDiff(TinyRuns.weights(tmp.resolve("one/step-4")), TinyRuns.weights(tmp.resolve("two/step-4")));
        assertTrue(diff < 1e-5, "weights after 4 steps differ by " + diff);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
