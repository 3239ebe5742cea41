package sentemb.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sentemb.eval.PublishedRows;
import sentemb.eval.StsResults;
import sentemb.eval.StsTable;
import sentemb.recipe.Recipe;
import sentemb.train.FinalEvaluation;
import sentemb.train.Trainer;

/** {@code sentemb demo}: the whole loop on the CPU in a few minutes, nothing to download. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train a tiny random OPT on the shipped NLI sample (bundled recipe 'tiny'), evaluate it before and after",
            "on the shipped STS sample, and print the comparison table. Overrides like schedule.max-steps=40 apply."})
final class DemoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "KEY=VALUE", description = "Recipe overrides") List<String> overrides = new ArrayList<>();

    @Option(names = "--dry-run", description = "Print the resolved recipe, check its input paths and devices, and exit")
    boolean dryRun;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        List<String> all = new ArrayList<>();
        all.add("run.name=\"demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "\"");
        all.addAll(overrides);
        Recipe recipe = TrainCommand.loadRecipe("tiny", all, Main.environment(spec));
        if (dryRun) {
            return TrainCommand.dryRun(recipe, false, stdout);
        }
        try (Trainer trainer = TrainCommand.trainer(recipe, logging)) {
            Path runDir = recipe.run().runDir();
            StsResults before = FinalEvaluation.sts(recipe, trainer.primary().model(), trainer.tokenizer(),
                    runDir.resolve("before"), "tiny, untrained");
            Trainer.Outcome out = trainer.train(Optional.empty(), Long.MAX_VALUE);
            StsResults after = TrainCommand.finish(recipe, trainer, out, stdout, false);
            stdout.println();
            stdout.println("Before and after training. Scores are on the synthetic STS sample shipped in data/sts-sample, not on");
            stdout.println("a real benchmark; the published rows are real STS results, shown for reference only:");
            stdout.println(StsTable.markdown(List.of(before, after), PublishedRows.load()));
        }
        return 0;
    }
}
