package sentemb.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sentemb.setup.RecipeSetup;
import sentemb.data.sts.StsTask;
import sentemb.eval.PromptEolEncoder;
import sentemb.eval.StsEvalOptions;
import sentemb.eval.StsEvaluation;
import sentemb.eval.StsEvaluator;
import sentemb.eval.StsReport;
import sentemb.eval.StsResults;
import sentemb.io.ProjectPaths;
import sentemb.model.DecoderModel;
import sentemb.model.SequenceEmbedder;
import sentemb.recipe.Recipe;
import sentemb.text.PromptTokenizer;

/** Test-split evaluation of a model as a recipe describes it ({@code eval.final-tasks}). */
public final class FinalEvaluation {
    private FinalEvaluation() {}

    /** STS task names among {@code eval.final-tasks}. */
    public static List<String> stsTasks(Recipe r) {
        List<String> out = new ArrayList<>();
        for (String t : r.eval().finalTasks()) {
            try {
                out.add(StsTask.fromName(t).taskName());
            } catch (IllegalArgumentException notSts) {
                // a transfer task: handled by the transfer evaluator
            }
        }
        return out;
    }

    /** Transfer task names among {@code eval.final-tasks}. */
    public static List<String> transferTasks(Recipe r) {
        return r.eval().finalTasks().stream().filter(sentemb.eval.transfer.TransferTask::isTransferName).toList();
    }

    /**
     * Runs the recipe's final transfer tasks (SentEval's test protocol) and adds them to
     * {@code outDir/results.json}; returns null when the recipe lists none.
     */
    public static sentemb.eval.transfer.TransferReport transfer(Recipe r, DecoderModel model, PromptTokenizer tokenizer, Path outDir,
            String label) throws IOException {
        List<String> tasks = transferTasks(r);
        if (tasks.isEmpty()) {
            return null;
        }
        PromptEolEncoder encoder = new PromptEolEncoder(SequenceEmbedder.packed(model, r.representation().pooling(), true),
                tokenizer, RecipeSetup.evalRepresentation(r), r.eval().batchSize());
        var report = new sentemb.eval.transfer.TransferEvaluator(sentemb.eval.transfer.TransferMode.TEST)
                .run(encoder, ProjectPaths.resolve(r.eval().data()), tasks, sentemb.eval.transfer.TransferEvaluator.SENTEVAL_SEED);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("run", r.run().name());
        sentemb.eval.transfer.ResultsFile.addTransfer(outDir.resolve(StsReport.RESULTS_FILE), label, meta, report);
        return report;
    }

    /** Evaluates {@code model} on the recipe's final STS tasks and writes the report to {@code outDir}. */
    public static StsResults sts(Recipe r, DecoderModel model, PromptTokenizer tokenizer, Path outDir, String label) throws IOException {
        PromptEolEncoder encoder = new PromptEolEncoder(SequenceEmbedder.packed(model, r.representation().pooling(), true),
                tokenizer, RecipeSetup.evalRepresentation(r), r.eval().batchSize());
        StsEvaluation ev = new StsEvaluator(encoder, r.eval().batchSize(), false)
                .evaluate(ProjectPaths.resolve(r.eval().data()), StsEvalOptions.of(stsTasks(r), "test"));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("run", r.run().name());
        meta.put("template", RecipeSetup.evalRepresentation(r).effectiveTemplate().referenceSyntax());
        meta.put("pad_token_id", tokenizer.padId() + " (" + tokenizer.padSource() + ")");
        return StsReport.write(outDir, label, meta, ev);
    }
}
