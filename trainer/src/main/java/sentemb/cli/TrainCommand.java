package sentemb.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sentemb.checkpoint.CorruptCheckpointException;
import sentemb.checkpoint.Manifest;
import sentemb.checkpoint.RunDirectory;
import sentemb.checkpoint.TrainingCheckpoint;
import sentemb.eval.PublishedRows;
import sentemb.eval.StsResults;
import sentemb.eval.StsTable;
import sentemb.io.ProjectPaths;
import sentemb.model.families.DecoderFamilies;
import sentemb.recipe.Recipe;
import sentemb.recipe.RecipeLoader;
import sentemb.train.FinalEvaluation;
import sentemb.train.Trainer;
import sentemb.train.TrainingPlot;

/** {@code sentemb train}: run a recipe, or resume a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Contrastive PromptEOL fine-tuning from a HOCON recipe; writes checkpoints/<run.name>/.",
            "Examples: sentemb train recipes/tiny.conf schedule.max-steps=40",
            "          sentemb train --resume checkpoints/tiny"})
final class TrainCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    @Parameters(paramLabel = "RECIPE [KEY=VALUE...]",
            description = "Recipe file (or a bundled name such as tiny), then overrides like lora.r=8 (also SENTEMB_LORA_R=8)")
    List<String> args = new ArrayList<>();

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue checkpoints/<run> from its latest good checkpoint (or a step-N dir)")
    Path resume;

    @Option(names = "--dry-run", description = {"Print the fully resolved recipe, check that every input path exists and every device",
        "is available, and exit (status 2 when a check fails)"})
    boolean dryRun;

    @Option(names = "--config-only", description = "With --dry-run: check the recipe only, not its paths and devices")
    boolean configOnly;

    @Option(names = "--stop-after", paramLabel = "N", description = "Stop (with a checkpoint) once N steps are done, as if interrupted")
    long stopAfter = Long.MAX_VALUE;

    @Option(names = ResumeChanges.ALLOW_OPTION, description = {"With --resume: accept overrides that change the training itself"
            + " (schedule.*, optimizer.*, data, model, batch, loss, seed, devices, precision); without it they are refused.",
        "Changes to checkpoint.*, eval.* and logging.* are always allowed; every change is printed."})
    boolean allowRecipeChanges;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Recipe recipe;
        Optional<Path> from = Optional.empty();
        PrintWriter stdout = spec.commandLine().getOut();
        if (configOnly && !dryRun) {
            throw new IllegalArgumentException("--config-only goes with --dry-run");
        }
        if (stopAfter < 1) {
            throw new IllegalArgumentException("--stop-after must be at least 1, got " + stopAfter);
        }
        if (resume != null) {
            if (!args.isEmpty() && !args.get(0).contains("=")) {
                throw new IllegalArgumentException("--resume continues with the recipe saved in the checkpoint; give only overrides"
                        + " (key=value) after it, not a recipe ('" + args.get(0) + "')");
            }
            Path ckpt = latestCheckpoint("--resume", resume);
            from = Optional.of(ckpt);
            recipe = resumedRecipe(ckpt, spec.commandLine().getErr());
        } else {
            if (args.isEmpty()) {
                throw new IllegalArgumentException("give a recipe (e.g. recipes/tiny.conf) or --resume checkpoints/<run>");
            }
            if (args.get(0).contains("=")) {
                List<String> recipes = args.stream().filter(a -> !a.contains("=")).toList();
                List<String> overrides = args.stream().filter(a -> a.contains("=")).toList();
                String first = recipes.size() == 1 ? recipes.get(0) : "recipes/tiny.conf";
                throw new IllegalArgumentException("the recipe comes first, then the overrides: e.g. sentemb train " + first + " "
                        + String.join(" ", overrides));
            }
            recipe = loadRecipe(args.get(0), args.subList(1, args.size()), Main.environment(spec));
        }
        if (dryRun) {
            return dryRun(recipe, configOnly, stdout);
        }
        requireUsableModel(recipe);
        LOG.debug("resolved recipe:\n{}", recipe.resolvedHocon());
        LOG.info("resolved recipe saved as {}", recipe.run().runDir().resolve("recipe.conf"));
        try (Trainer trainer = trainer(recipe, logging)) {
            Trainer.Outcome out = trainer.train(from, stopAfter);
            if (out.stoppedBy().isPresent()) {
                stdout.println("stopped by SIG" + out.stoppedBy().get().signal() + " at step " + out.stepsDone() + " of " + out.totalSteps()
                        + " (checkpoint saved); continue with: sentemb train --resume " + out.runDir());
                return out.stoppedBy().get().exitStatus();
            }
            if (out.stepsDone() < out.totalSteps()) {
                stdout.println("stopped at step " + out.stepsDone() + " of " + out.totalSteps() + "; continue with: sentemb train --resume " + out.runDir());
                return 0;
            }
            finish(recipe, trainer, out, stdout);
        }
        return 0;
    }

    /**
     * The recipe saved in {@code ckpt} with the overrides on top, writing into the run folder
     * that holds {@code ckpt} (wherever the saved run.dir points: the folder may have been
     * copied or moved). Overrides that would change the training are refused unless
     * {@code --allow-recipe-changes} is given; every change is printed on {@code err}.
     */
    private Recipe resumedRecipe(Path ckpt, PrintWriter err) throws java.io.IOException {
        for (String a : args) {
            String key = a.contains("=") ? a.substring(0, a.indexOf('=')).strip() : "";
            if (key.equals("run.dir") || key.equals("run.name")) {
                throw new IllegalArgumentException("--resume writes into the run folder it is given; '" + key + "' cannot be"
                        + " overridden (copy the folder to continue the run elsewhere)");
            }
        }
        Path runFolder = ckpt.toAbsolutePath().normalize().getParent();
        List<String> overrides = new ArrayList<>(args);
        overrides.add("run.dir=" + hoconString(runFolder.getParent().toString()));
        overrides.add("run.name=" + hoconString(runFolder.getFileName().toString()));
        String saved = TrainingCheckpoint.readRecipe(ckpt);
        String origin = ckpt.resolve(TrainingCheckpoint.RECIPE).toString();
        Recipe recipe = RecipeLoader.fromResolvedHocon(saved, origin, overrides, Main.environment(spec));
        List<ResumeChanges.Change> changes = ResumeChanges.between(RecipeLoader.fromResolvedHocon(saved, origin).resolvedHocon(),
                recipe.resolvedHocon());
        ResumeChanges.require(changes, allowRecipeChanges, ckpt.toString());
        for (ResumeChanges.Change c : changes) {
            err.println("sentemb train: resuming with a changed setting: " + c);
        }
        err.flush();
        return recipe;
    }

    private static String hoconString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * A model.path that is missing, not OPT or has a broken config.json is reported as such,
     * before the trainer looks for tokenizer files there (whose absence would hide the cause).
     */
    private static void requireUsableModel(Recipe recipe) {
        if (recipe.model().path().isPresent()) {
            Path dir = ProjectPaths.resolve(recipe.model().path().get());
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("model.path " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
            }
            DecoderFamilies.readConfig(dir);
        }
    }

    /** After the last step: the best checkpoint on the test split, and the training curves. */
    static StsResults finish(Recipe recipe, Trainer trainer, Trainer.Outcome out, PrintWriter stdout) throws Exception {
        return finish(recipe, trainer, out, stdout, true);
    }

    /** As above; {@code printStsTable} false leaves the STS table to the caller (the demo prints one before/after table). */
    static StsResults finish(Recipe recipe, Trainer trainer, Trainer.Outcome out, PrintWriter stdout, boolean printStsTable)
            throws Exception {
        if (out.best().isPresent()) {
            trainer.loadWeights(out.best().get());
        }
        String label = recipe.run().name() + (out.best().isPresent() ? " (best dev)" : " (last)");
        StsResults results = FinalEvaluation.sts(recipe, trainer.primary().model(), trainer.tokenizer(), out.runDir().resolve("final"), label);
        if (printStsTable) {
            stdout.println(StsTable.markdown(List.of(results), PublishedRows.load()));
        }
        var transfer = FinalEvaluation.transfer(recipe, trainer.primary().model(), trainer.tokenizer(), out.runDir().resolve("final"), label);
        if (transfer != null) {
            stdout.println(sentemb.eval.transfer.TransferTable.markdown(transfer, label,
                    sentemb.eval.transfer.PublishedTransferRows.load()));
        }
        Path metrics = out.runDir().resolve(recipe.logging().format() == Recipe.LogFormat.JSONL ? "metrics.jsonl" : "metrics.csv");
        if (recipe.logging().plot() && Files.exists(metrics)) {
            Path png = TrainingPlot.write(metrics, out.runDir().resolve("training.png"), recipe.eval().tasks());
            stdout.println("training curves: " + png);
        }
        stdout.println("run folder: " + out.runDir());
        return results;
    }

    /**
     * {@code --dry-run}: prints the resolved recipe, then (unless {@code configOnly}) fails
     * with every missing input path and unavailable device in one message.
     */
    static int dryRun(Recipe recipe, boolean configOnly, PrintWriter stdout) {
        stdout.println(recipe.resolvedHocon());
        stdout.flush();
        List<String> problems = configOnly ? List.of() : DryRunCheck.problems(recipe);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("dry run: " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                    + String.join("; ", problems) + " (--config-only checks the recipe alone)");
        }
        return 0;
    }

    /**
     * The trainer of {@code recipe}, saving it as resolved; under --quiet it draws no progress
     * bar. That is this terminal's preference, not a recipe setting: the saved recipe (and so a
     * resumed run, and the resume's change check) keeps {@code logging.progress} as the recipe says.
     */
    static Trainer trainer(Recipe recipe, LoggingOptions logging) throws java.io.IOException {
        Recipe.Logging l = recipe.logging();
        Recipe running = logging.quiet ? recipe.withLogging(new Recipe.Logging(l.format(), false, l.plot())) : recipe;
        return new Trainer(running, recipe.resolvedHocon());
    }

    static Recipe loadRecipe(String recipeArg, List<String> overrides, java.util.Map<String, String> environment) {
        Path p = Path.of(recipeArg);
        if (Files.isRegularFile(p)) {
            return RecipeLoader.load(p, overrides, environment);
        }
        if (!recipeArg.contains("/") && !recipeArg.endsWith(".conf")) {
            return RecipeLoader.loadBundled(recipeArg, overrides, environment);
        }
        throw new IllegalArgumentException("recipe file " + recipeArg + " does not exist");
    }

    /** A checkpoint dir as given ({@code option} names it in errors), or the newest good one of a run dir. */
    static Path latestCheckpoint(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist")
                    + " (expected checkpoints/<run> or one of its step-N folders)");
        }
        if (Files.exists(dir.resolve(Manifest.FILE)) || Files.exists(dir.resolve(TrainingCheckpoint.TRAINABLE))) {
            Manifest.verify(dir);
            return dir;
        }
        return new RunDirectory(dir).latestGood().orElseThrow(() -> new CorruptCheckpointException(
                "no complete checkpoint in " + dir + " (expected step-N folders with a manifest.json)"));
    }
}
