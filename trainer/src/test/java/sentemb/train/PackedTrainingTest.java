package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.data.nli.NliTripletReader;
import sentemb.data.nli.Triplet;
import sentemb.io.ProjectPaths;
import sentemb.model.DecoderModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;
import sentemb.text.PromptTokenizer;

/**
 * Packed forwards in training: a step whose forwards run on the real tokens only, the shared
 * template prefix once ({@code batch.packed = true}, the default) gives the loss gradients of
 * the one padded forward over the batch ({@code batch.packed = false}), on every route a step
 * can take (one replica; two replicas with kept graphs; GradCache; both), for LoRA on every
 * linear layer and for full fine-tuning. Differences are float rounding only (other matmul
 * sizes; the prefix's gradient summed over the rows): 1e-5 of the largest gradient; a wrong
 * row, mask or position is off by order 1.
 */
class PackedTrainingTest {
    private static final String[] PADDED = {"batch.packed=false"};

    static String[] mode(String mode) {
        return mode.equals("lora")
                ? new String[] {"model.dropout=0.0", "lora.enabled=true", "lora.r=4", "lora.dropout=0.0",
                    "lora.targets=[q_proj,k_proj,v_proj,out_proj,fc1,fc2]"}
                : new String[] {"model.dropout=0.0", "lora.enabled=false"};
    }

    /** The plan the recipe's replicas follow for the first 8 training triplets. */
    static SequenceEmbedder.Plan plan(Recipe recipe) throws Exception {
        try (PromptTokenizer tok = RecipeSetup.tokenizer(recipe);
                DecoderModel m = RecipeSetup.baseModel(recipe, Device.cpu(), DataType.FLOAT32)) {
            return Replicas.embedder(recipe, m, tok.padId()).plan(firstBatch(recipe, tok, 8));
        }
    }

    /** The prompts of the first {@code n} training triplets: anchors, positives, negatives. */
    static List<int[]> firstBatch(Recipe recipe, PromptTokenizer tok, int n) throws Exception {
        List<Triplet> rows = new NliTripletReader().read(ProjectPaths.resolve(recipe.data().train())).subList(0, n);
        TokenizedBatch b = new TripletTokenizer(tok, RecipeSetup.trainRepresentation(recipe)).tokenize(rows);
        List<int[]> all = new ArrayList<>(b.anchors());
        all.addAll(b.positives());
        all.addAll(b.negatives());
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "full"})
    void packedStepsGiveThePaddedGradientsOnEveryRoute(String mode, @TempDir Path tmp) throws Exception {
        Recipe padded = TinyRuns.recipe(tmp, "padded", DataParallelEquivalenceTest.concat(mode(mode), PADDED));
        assertFalse(plan(padded).packed(), "the reference runs one padded forward");
        List<float[]> whole = DataParallelEquivalenceTest.gradients(padded);
        for (String route : List.of("devices=[cpu]", "devices=[cpu,cpu]", "batch.micro-size=3", "both")) {
            String[] extra = route.equals("both") ? new String[] {"devices=[cpu,cpu]", "batch.micro-size=2"} : new String[] {route};
            Recipe packed = TinyRuns.recipe(tmp, "p", DataParallelEquivalenceTest.concat(mode(mode), extra));
            SequenceEmbedder.Plan p = plan(packed);
            assertTrue(p.packed() && p.sharedPrefix() > 0, route + ": the default plan must pack and share: " + p);
            double diff = DataParallelEquivalenceTest.maxRelDiff(whole, DataParallelEquivalenceTest.gradients(packed));
            assertTrue(diff < 1e-5, mode + ", " + route + ": packed gradients differ from the padded ones by " + diff);
        }
    }

    @Test
    void theTrainingPlanIsTheInferencePlan(@TempDir Path tmp) throws Exception {
        // what embed/eval use, and what the benchmark's default row measures
        Recipe r = TinyRuns.recipe(tmp, "d", "batch.size=32");
        try (PromptTokenizer tok = RecipeSetup.tokenizer(r); DecoderModel m = RecipeSetup.baseModel(r, Device.cpu(), DataType.FLOAT32)) {
            List<int[]> all = firstBatch(r, tok, 32);
            SequenceEmbedder.Plan trained = Replicas.embedder(r, m, tok.padId()).plan(all);
            assertEquals(SequenceEmbedder.packed(m, r.representation().pooling(), true).plan(all), trained);
            assertTrue(trained.paddedTokens(all) < SequenceEmbedder.padded(m, tok.padId(), Pooling.LAST).plan(all).paddedTokens(all));
        }
    }
}
