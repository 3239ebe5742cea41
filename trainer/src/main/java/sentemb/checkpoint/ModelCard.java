package sentemb.checkpoint;

import java.nio.file.Path;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;

/** The README.md of an exported model: what it is, how it embeds, how it scored. */
final class ModelCard {
    private ModelCard() {}

    static String render(Recipe r, Path checkpoint, String resultsTable) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(r.run().name()).append(" (sentemb)\n\n");
        sb.append("A PromptEOL sentence encoder fine-tuned with a SimCSE-style contrastive loss over NLI hard negatives ")
                .append("(Jiang et al. 2023, \"Scaling Sentence Embeddings with Large Language Models\").\n\n");
        sb.append("- base model: ").append(r.model().path().map(Path::toString).orElse("random OPT from seed " + r.model().init().seed())).append('\n');
        sb.append("- fine-tuning: ").append(r.lora().enabled()
                ? "LoRA r=" + r.lora().r() + " alpha=" + r.lora().alpha() + " on " + r.lora().targets() + " (merged into the weights)"
                : "full").append('\n');
        sb.append("- training data: ").append(r.data().train()).append(", batch ").append(r.batch().size())
                .append(", lr ").append(r.optimizer().lr()).append(", temperature ").append(r.loss().temperature()).append('\n');
        sb.append("- checkpoint: ").append(checkpoint).append("\n\n");
        sb.append("## Representation\n\n");
        var rep = RecipeSetup.evalRepresentation(r);
        sb.append("- template: `").append(rep.template().referenceSyntax()).append("`\n");
        sb.append("- demonstration: ").append(rep.demonstration().map(d -> "\"" + d.sentence() + "\" → " + d.word()).orElse("none")).append('\n');
        sb.append("- pooling: ").append(rep.pooling().name().toLowerCase()).append(" token of the last layer\n");
        sb.append("- training cutoff: ").append(r.representation().cutoff()).append(" tokens per sentence (evaluation does not cut)\n\n");
        sb.append("`sentemb.json` records these, so `sentemb embed --model <this dir>` embeds exactly as trained.\n\n");
        sb.append("## Evaluation\n\n");
        sb.append(resultsTable == null ? "No final evaluation was recorded for this run.\n" : resultsTable).append('\n');
        return sb.toString();
    }
}
