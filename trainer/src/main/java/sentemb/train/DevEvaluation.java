package sentemb.train;

import java.util.List;
import sentemb.setup.RecipeSetup;
import sentemb.eval.PromptEolEncoder;
import sentemb.eval.StsEvalOptions;
import sentemb.eval.StsEvaluation;
import sentemb.eval.StsEvaluator;
import sentemb.eval.StsTaskResult;
import sentemb.io.ProjectPaths;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.recipe.Recipe;
import sentemb.text.PromptTokenizer;

/** The periodic dev score during training: mean Spearman over {@code eval.tasks} on their dev split. */
final class DevEvaluation {
    private final Recipe recipe;
    private final PromptEolEncoder encoder;

    DevEvaluation(Recipe recipe, DecoderModel model, PromptTokenizer tokenizer) {
        this.recipe = recipe;
        this.encoder = new PromptEolEncoder(SequenceEmbedder.packed(model, recipe.representation().pooling(), true),
                tokenizer, RecipeSetup.evalRepresentation(recipe), recipe.eval().batchSize());
    }

    double score() {
        StsEvaluation ev = new StsEvaluator(encoder, recipe.eval().batchSize(), sentemb.eval.EncodingProgress.SILENT)
                .evaluate(ProjectPaths.resolve(recipe.eval().data()), StsEvalOptions.of(recipe.eval().tasks(), "dev"));
        List<StsTaskResult> ok = ev.results().stream().filter(StsTaskResult::isOk).toList();
        if (ok.size() != ev.results().size()) {
            throw new IllegalArgumentException("dev evaluation data missing under " + recipe.eval().data() + ": "
                    + ev.results().stream().filter(r -> !r.isOk()).map(r -> r.task() + " " + r.missingFiles()).toList());
        }
        return ok.stream().mapToDouble(StsTaskResult::spearman).average().orElseThrow();
    }
}
