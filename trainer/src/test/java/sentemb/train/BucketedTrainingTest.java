package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import sentemb.model.ForwardCost;
import sentemb.model.SequenceEmbedder;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;
import sentemb.text.PromptTokenizer;

/**
 * Length buckets in training: a step whose forwards run in several length groups (and the
 * shared template prefix) gives the loss gradients of the one padded forward over the batch, on
 * every route a step can take (one replica; two replicas with kept graphs; GradCache; both),
 * for LoRA on every linear layer and for full fine-tuning. Differences are float rounding only
 * (other matmul sizes, gradient rows summed group by group): 1e-5 of the largest gradient; a
 * wrong row order or mask is off by order 1.
 */
class BucketedTrainingTest {
    private static final String[] PADDED = {"batch.length-buckets=false"};
    /** Overhead 0: split wherever a group saves a single padded token, and always share the prefix. */
    private static final String[] BUCKETED = {"batch.length-buckets=true", "batch.pass-overhead-tokens=0"};

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
            List<Triplet> rows = new NliTripletReader().read(ProjectPaths.resolve(recipe.data().train())).subList(0, 8);
            TokenizedBatch b = new TripletTokenizer(tok, RecipeSetup.trainRepresentation(recipe)).tokenize(rows);
            List<int[]> all = new ArrayList<>(b.anchors());
            all.addAll(b.positives());
            all.addAll(b.negatives());
            return Replicas.embedder(recipe, m, tok.padId()).plan(all);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora", "full"})
    void bucketedStepsGiveThePaddedGradientsOnEveryRoute(String mode, @TempDir Path tmp) throws Exception {
        Recipe padded = TinyRuns.recipe(tmp, "padded", DataParallelEquivalenceTest.concat(mode(mode), PADDED));
        SequenceEmbedder.Plan reference = plan(padded);
        assertEquals(1, reference.groups().size(), "the reference runs one padded forward");
        List<float[]> whole = DataParallelEquivalenceTest.gradients(padded);
        for (String route : List.of("devices=[cpu]", "devices=[cpu,cpu]", "batch.micro-size=3", "both")) {
            String[] extra = route.equals("both") ? new String[] {"devices=[cpu,cpu]", "batch.micro-size=2"} : new String[] {route};
            Recipe bucketed = TinyRuns.recipe(tmp, "b", DataParallelEquivalenceTest.concat(
                    DataParallelEquivalenceTest.concat(mode(mode), BUCKETED), extra));
            SequenceEmbedder.Plan p = plan(bucketed);
            assertTrue(p.groups().size() > 2 && p.sharedPrefix() > 0, route + ": the plan must split and share: " + describe(p));
            double diff = DataParallelEquivalenceTest.maxRelDiff(whole, DataParallelEquivalenceTest.gradients(bucketed));
            assertTrue(diff < 1e-5, mode + ", " + route + ": bucketed gradients differ from the padded ones by " + diff);
        }
    }

    static String describe(SequenceEmbedder.Plan p) {
        return "prefix " + p.sharedPrefix() + ", groups " + p.groups().stream().map(java.util.Arrays::toString).toList();
    }

    @Test
    void theDefaultPlanIsTheInferencePlanOnTheCpu(@TempDir Path tmp) throws Exception {
        // auto buckets with the CPU cost model: what embed/eval use, and what the benchmark's default row measures
        Recipe r = TinyRuns.recipe(tmp, "d", "model.init.hidden-size=64", "model.init.ffn-dim=256", "model.init.num-heads=4",
                "batch.size=32");
        try (PromptTokenizer tok = RecipeSetup.tokenizer(r); DecoderModel m = RecipeSetup.baseModel(r, Device.cpu(), DataType.FLOAT32)) {
            SequenceEmbedder trained = Replicas.embedder(r, m, tok.padId());
            SequenceEmbedder inference = new SequenceEmbedder(m, tok.padId(), r.representation().pooling(), true);
            List<Triplet> rows = new NliTripletReader().read(ProjectPaths.resolve(r.data().train())).subList(0, 32);
            TokenizedBatch b = new TripletTokenizer(tok, RecipeSetup.trainRepresentation(r)).tokenize(rows);
            List<int[]> all = new ArrayList<>(b.anchors());
            all.addAll(b.positives());
            all.addAll(b.negatives());
            assertEquals(describe(inference.plan(all)), describe(trained.plan(all)));
            assertTrue(trained.plan(all).groups().size() > 1, "this batch is split by default: " + describe(trained.plan(all)));
            assertTrue(ForwardCost.defaultOverheadTokens(m.config()) > 0);
        }
    }
}
