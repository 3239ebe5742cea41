package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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
 * whether it runs whole on one replica, on two CPU replicas with gathered embeddings, or in
 * GradCache micro-batches: every anchor always sees the whole batch's negatives.
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

    @Test
    void twoReplicasAndGradCacheGiveTheWholeBatchGradient(@TempDir Path tmp) throws Exception {
        String[] common = {"model.dropout=0.0", "lora.enabled=true", "lora.r=4", "lora.dropout=0.0",
            "lora.targets=[q_proj,k_proj,v_proj,out_proj,fc1,fc2]"};
        List<float[]> whole = gradients(TinyRuns.recipe(tmp, "one", common));
        List<float[]> twoReplicas = gradients(TinyRuns.recipe(tmp, "two", concat(common, "devices=[cpu,cpu]")));
        List<float[]> microBatches = gradients(TinyRuns.recipe(tmp, "micro", concat(common, "batch.micro-size=3")));
        List<float[]> both = gradients(TinyRuns.recipe(tmp, "both", concat(common, "devices=[cpu,cpu]", "batch.micro-size=2")));
        assertTrue(maxRelDiff(whole, twoReplicas) < 1e-5, "2 replicas: " + maxRelDiff(whole, twoReplicas));
        assertTrue(maxRelDiff(whole, microBatches) < 1e-5, "GradCache: " + maxRelDiff(whole, microBatches));
        assertTrue(maxRelDiff(whole, both) < 1e-5, "2 replicas + GradCache: " + maxRelDiff(whole, both));
    }

    @Test
    void twoReplicaTrainingReachesTheSameWeights(@TempDir Path tmp) throws Exception {
        String[] common = {"model.dropout=0.0", "lora.enabled=false", "optimizer.grad-divisor=1"};
        Recipe one = TinyRuns.recipe(tmp, "one", common);
        Recipe two = TinyRuns.recipe(tmp, "two", concat(common, "devices=[cpu,cpu]"));
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
