package sentemb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import java.io.PrintWriter;
import sentemb.eval.StsResults;
import sentemb.eval.StsTaskResult;
import sentemb.io.AtomicFiles;
import sentemb.recipe.Recipe;
import sentemb.train.FinalEvaluation;
import sentemb.train.Trainer;

/**
 * {@code sentemb regression}: CI's guard on the whole pipeline. Trains a fixed-seed tiny
 * recipe, scores STS-B test before and after, and fails unless training improved the score
 * by the stated margin and the trained score matches the committed golden value.
 */
@Command(name = "regression", mixinStandardHelpOptions = true,
        description = "Train the CI regression recipe and check STS-B test Spearman against a committed golden value.")
final class RegressionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "KEY=VALUE", description = "Recipe overrides") List<String> overrides = new ArrayList<>();

    @Option(names = "--recipe", defaultValue = "recipes/ci-regression.conf", description = "Recipe (default ${DEFAULT-VALUE})")
    String recipeFile;

    @Option(names = "--golden", defaultValue = "ci/regression-golden.json", description = "Golden values (default ${DEFAULT-VALUE})")
    Path golden;

    @Option(names = "--update-golden", description = "Write the measured score as the new golden value instead of checking it")
    boolean update;

    @Option(names = "--dry-run", description = "Print the resolved recipe, check its input paths and devices, and exit")
    boolean dryRun;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    /** The committed expectation. */
    record Golden(String recipe, double stsbTestSpearman, double tolerance, double minImprovement, String note) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Golden g = null;
        if (!update) {
            if (!Files.isRegularFile(golden)) {
                throw new IllegalArgumentException("golden file " + golden + " does not exist (create it with --update-golden)");
            }
            g = json.readValue(golden.toFile(), Golden.class);
        }
        Recipe recipe = TrainCommand.loadRecipe(recipeFile, overrides, Main.environment(spec));
        if (dryRun) {
            return TrainCommand.dryRun(recipe, false, stdout);
        }
        double before;
        double after;
        Path runDir = recipe.run().runDir();
        try (Trainer trainer = TrainCommand.trainer(recipe, logging)) {
            before = stsb(FinalEvaluation.sts(recipe, trainer.primary().model(), trainer.tokenizer(), runDir.resolve("before"), "untrained"));
            Trainer.Outcome out = trainer.train(Optional.empty(), Long.MAX_VALUE);
            after = stsb(TrainCommand.finish(recipe, trainer, out, stdout));
        }
        double gain = after - before;
        stdout.printf(Locale.ROOT, "regression: STS-B test Spearman untrained %.4f, trained %.4f, improvement %+.4f%n", before, after, gain);
        if (update) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("recipe", recipeFile);
            out.put("stsbTestSpearman", Math.round(after * 1e4) / 1e4);
            out.put("tolerance", 0.02);
            out.put("minImprovement", 0.10);
            out.put("note", "measured by `sentemb regression --update-golden`; untrained " + String.format(Locale.ROOT, "%.4f", before));
            AtomicFiles.writeBytes(golden, json.writeValueAsBytes(out));
            stdout.println("golden value written to " + golden);
            return 0;
        }
        boolean improved = gain >= g.minImprovement();
        boolean matches = Math.abs(after - g.stsbTestSpearman()) <= g.tolerance();
        stdout.printf(Locale.ROOT, "regression: improvement %+.4f, required >= %.4f: %s%n", gain, g.minImprovement(), improved ? "ok" : "FAILED");
        stdout.printf(Locale.ROOT, "regression: trained %.4f vs golden %.4f ± %.4f: %s%n", after, g.stsbTestSpearman(), g.tolerance(),
                matches ? "ok" : "FAILED");
        return improved && matches ? 0 : 1;
    }

    private static double stsb(StsResults r) {
        StsTaskResult t = r.tasks().get("STSBenchmark");
        if (t == null || !t.isOk()) {
            throw new IllegalArgumentException("the regression recipe must evaluate STSBenchmark (eval.final-tasks) and its data must exist");
        }
        return t.spearman();
    }
}
