package sentemb.train;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import sentemb.data.nli.NliDataset;
import sentemb.data.nli.NliTripletReader;
import sentemb.data.nli.Triplet;
import sentemb.io.ProjectPaths;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;
import sentemb.text.PromptTokenizer;

/**
 * The replicas, master weights and contrastive step of a recipe, driven step by step as the
 * trainer drives them (without its checkpoints and evaluation), for tests that look inside.
 */
final class StepRig implements AutoCloseable {
    final Recipe recipe;
    final PromptTokenizer tokenizer;
    final List<Replica> replicas;
    final MasterWeights master;
    final ContrastiveStep step;
    private final NliDataset data;
    private final TripletTokenizer triplets;

    StepRig(Recipe recipe) throws Exception {
        this.recipe = recipe;
        this.tokenizer = RecipeSetup.tokenizer(recipe);
        this.replicas = Replicas.build(recipe, tokenizer.padId());
        this.master = new MasterWeights(replicas, n -> true);
        this.step = new ContrastiveStep(replicas, new InfoNceLoss(0.05, 0.0), recipe.batch().microSize(), 42,
                recipe.concurrentReplicas());
        this.data = new NliTripletReader().read(ProjectPaths.resolve(recipe.data().train()));
        this.triplets = new TripletTokenizer(tokenizer, RecipeSetup.trainRepresentation(recipe));
    }

    /** Triplets {@code [from, from + recipe batch size)} of the training file, tokenized. */
    TokenizedBatch batch(int from) {
        List<Triplet> rows = data.subList(from, from + recipe.batch().size());
        return triplets.tokenize(rows);
    }

    /** One step's summed gradients (divided by {@code lossScale}) as float arrays; the replicas' gradients are zeroed. */
    List<float[]> gradients(long stepIndex, TokenizedBatch batch, float lossScale) {
        step.run(stepIndex, batch, lossScale);
        List<float[]> out = new ArrayList<>();
        for (NDArray g : master.summedGradients(lossScale)) {
            out.add(g.toFloatArray());
            g.close();
        }
        master.zeroReplicaGradients();
        return out;
    }

    List<String> names() {
        return master.params().stream().map(TrainableParam::name).toList();
    }

    @Override
    public void close() {
        step.close();
        master.close();
        replicas.forEach(Replica::close);
        tokenizer.close();
    }
}
