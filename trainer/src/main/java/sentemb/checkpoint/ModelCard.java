package sentemb.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sentemb.io.ProjectPaths;
import sentemb.recipe.Recipe;
import sentemb.setup.RecipeSetup;
import sentemb.text.Representation;

/**
 * The README.md of an exported model, as a Hugging Face model card: YAML front matter
 * (base_model, library_name, tags, datasets, and model-index metrics naming dataset and
 * split), what the model is, how to embed with sentemb and with transformers (the PromptEOL
 * prompt, last-token pooling), and how it scored. Scores on the shipped synthetic sample are
 * labelled as such, never shown as a benchmark.
 */
final class ModelCard {
    /** SentEval task → the hub dataset holding the same pairs (MTEB's copies). */
    private static final Map<String, String> HUB_DATASETS = Map.of(
            "STS12", "mteb/sts12-sts", "STS13", "mteb/sts13-sts", "STS14", "mteb/sts14-sts", "STS15", "mteb/sts15-sts",
            "STS16", "mteb/sts16-sts", "STSBenchmark", "mteb/stsbenchmark-sts", "SICKRelatedness", "mteb/sickr-sts");
    /** Training files the hub hosts under a dataset id. */
    private static final Map<String, String> TRAINING_DATASETS = Map.of("nli_for_simcse.csv", "princeton-nlp/datasets-for-simcse");
    static final String SYNTHETIC = "synthetic STS sample shipped with sentemb (data/sts-sample), not a benchmark";

    private ModelCard() {}

    /** True when {@code evalData} is the shipped synthetic sample. */
    static boolean isShippedSample(Path evalData) {
        Path shipped = ProjectPaths.home().resolve("data/sts-sample");
        try {
            Path resolved = ProjectPaths.resolve(evalData);
            return Files.exists(resolved) && Files.exists(shipped) && Files.isSameFile(resolved, shipped);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param baseModel the hub id (or local path, or {@code random:<seed>}) of the base model
     * @param results the run's final results.json, or null
     * @param synthetic whether those results are on the shipped synthetic sample
     */
    static String render(Recipe r, Path checkpoint, String baseModel, JsonNode results, boolean synthetic) {
        List<Score> scores = scores(results);
        Representation rep = RecipeSetup.evalRepresentation(r);
        StringBuilder sb = new StringBuilder("---\n");
        if (Exporter.isHubId(baseModel)) {
            sb.append("base_model: ").append(yaml(baseModel)).append('\n');
        }
        sb.append("library_name: sentemb\n");
        sb.append("pipeline_tag: sentence-similarity\n");
        sb.append("tags:\n- sentemb\n- sentence-embeddings\n- sentence-similarity\n- feature-extraction\n- prompteol\n- opt\n");
        String trainingData = TRAINING_DATASETS.get(r.data().train().getFileName().toString());
        if (trainingData != null) {
            sb.append("datasets:\n- ").append(trainingData).append('\n');
        }
        if (!scores.isEmpty()) {
            sb.append("metrics:\n- spearmanr\n");
            sb.append("model-index:\n- name: ").append(yaml(r.run().name())).append("\n  results:\n");
            for (Score s : scores) {
                sb.append("  - task:\n      type: sentence-similarity\n      name: Semantic Textual Similarity\n");
                sb.append("    dataset:\n      name: ").append(yaml(synthetic ? s.task() + " (" + SYNTHETIC + ")" : s.task())).append('\n');
                sb.append("      type: ").append(yaml(synthetic ? "sentemb-synthetic-sts-sample" : HUB_DATASETS.getOrDefault(s.task(), s.task())))
                        .append('\n');
                sb.append("      split: ").append(yaml(s.split())).append('\n');
                sb.append("    metrics:\n    - type: spearmanr\n      value: ").append(String.format(Locale.ROOT, "%.2f", s.spearman100()))
                        .append("\n      name: ").append(yaml("Spearman x100 of cosine similarity" + (synthetic ? " (synthetic sample)" : "")))
                        .append('\n');
            }
        }
        sb.append("---\n\n");
        sb.append("# ").append(r.run().name()).append(" (sentemb)\n\n");
        sb.append("A PromptEOL sentence encoder fine-tuned with a SimCSE-style contrastive loss over NLI hard negatives ")
                .append("(Jiang et al. 2023, \"Scaling Sentence Embeddings with Large Language Models\").\n\n");
        sb.append("- base model: ").append(baseModel.startsWith("random:") ? "random OPT from seed " + r.model().init().seed() : baseModel)
                .append('\n');
        sb.append("- fine-tuning: ").append(r.lora().enabled()
                ? "LoRA r=" + r.lora().r() + " alpha=" + r.lora().alpha() + " on " + r.lora().targets().map(String::valueOf).orElse("the model family's default modules") + " (merged into the weights)"
                : "full").append('\n');
        sb.append("- training data: ").append(r.data().train()).append(", batch ").append(r.batch().size())
                .append(", lr ").append(r.optimizer().lr()).append(", temperature ").append(r.loss().temperature()).append('\n');
        sb.append("- checkpoint: ").append(checkpoint).append("\n\n");
        sb.append("## Representation\n\n");
        sb.append("- template: `").append(rep.template().referenceSyntax()).append("` (the reference's syntax: `_` is a space, `*sent_0*` the sentence)\n");
        sb.append("- demonstration: ").append(rep.demonstration().map(d -> "\"" + d.sentence() + "\" → " + d.word()).orElse("none")).append('\n');
        sb.append("- pooling: ").append(rep.pooling().name().toLowerCase(Locale.ROOT)).append(" token of the last layer\n");
        sb.append("- training cutoff: ").append(r.representation().cutoff()).append(" tokens per sentence (evaluation does not cut)\n\n");
        sb.append("## Usage\n\n");
        sb.append("With sentemb (`sentemb.json` records the representation, so it embeds exactly as trained):\n\n");
        sb.append("```bash\nsentemb embed --model <this folder> --input sentences.txt --output vectors.npy\n```\n\n");
        sb.append("With transformers (left padding, so the last position is every sentence's last prompt token):\n\n");
        String prompt = rep.effectiveTemplate().render("<sentence>");
        sb.append("```python\nimport torch\nfrom transformers import AutoModel, AutoTokenizer\n\n");
        sb.append("path = \"<this folder>\"\n");
        sb.append("tokenizer = AutoTokenizer.from_pretrained(path, padding_side=\"left\")\n");
        sb.append("model = AutoModel.from_pretrained(path).eval()\n");
        sb.append("template = ").append(pythonString(prompt)).append('\n');
        sb.append("sentences = [\"A man is playing a guitar.\", \"Someone plays an instrument.\"]\n");
        sb.append("batch = tokenizer([template.replace(\"<sentence>\", s) for s in sentences], padding=True, return_tensors=\"pt\")\n");
        sb.append("with torch.no_grad():\n    hidden = model(**batch, output_hidden_states=True).hidden_states[-1]\n");
        sb.append(rep.pooling() == sentemb.model.Pooling.LAST
                ? "embeddings = hidden[:, -1, :]  # last token of the last layer (PromptEOL)\n"
                : "mask = batch[\"attention_mask\"].unsqueeze(-1)\nembeddings = (hidden * mask).sum(1) / mask.sum(1)  # mean of the last layer\n");
        sb.append("```\n\n");
        sb.append("`sentemb eval` also applies the reference's evaluation text clean-up to each sentence first; `sentemb embed` and the ")
                .append("snippet above do not (`sentemb embed --cleanup` does).\n\n");
        sb.append("## Evaluation\n\n");
        if (scores.isEmpty()) {
            sb.append("No final evaluation was recorded for this run.\n");
        } else {
            if (synthetic) {
                sb.append("**These scores are on the ").append(SYNTHETIC).append("**: they show that training ran, not how good ")
                        .append("the model is, and are not comparable with published STS results.\n\n");
            }
            sb.append("| task | split | pairs | Spearman ×100 |\n|---|---|---:|---:|\n");
            for (Score s : scores) {
                sb.append("| ").append(s.task()).append(synthetic ? " (synthetic sample)" : "").append(" | ").append(s.split()).append(" | ")
                        .append(s.pairs()).append(" | ").append(String.format(Locale.ROOT, "%.2f", s.spearman100())).append(" |\n");
            }
        }
        return sb.toString();
    }

    /** One evaluated STS task of results.json. */
    record Score(String task, String split, int pairs, double spearman100) {}

    static List<Score> scores(JsonNode results) {
        List<Score> out = new ArrayList<>();
        JsonNode tasks = results == null ? null : results.get("tasks");
        if (tasks == null) {
            return out;
        }
        for (JsonNode t : tasks) {
            if ("ok".equals(t.path("status").asText())) {
                out.add(new Score(t.path("task").asText(), t.path("split").asText(), t.path("pairs").asInt(), 100 * t.path("spearman").asDouble()));
            }
        }
        return out;
    }

    /** A YAML double-quoted scalar. */
    static String yaml(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A Python string literal (single-quoted, escaped). */
    static String pythonString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
