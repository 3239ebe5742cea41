package sentemb.cli;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sentemb.data.sts.StsDataLoader;
import sentemb.eval.StsEvalOptions;
import sentemb.io.ProjectPaths;
import sentemb.recipe.Recipe;

/**
 * What {@code train --dry-run} checks beyond the recipe itself: every input path the run
 * would read (model folder, tokenizer files, training triplets, evaluation data) and every
 * device it would use. All problems are collected, so one dry run names them all.
 */
final class DryRunCheck {
    private DryRunCheck() {}

    static List<String> problems(Recipe r) {
        List<String> problems = new ArrayList<>();
        if (r.model().path().isPresent()) {
            Path dir = ProjectPaths.resolve(r.model().path().get());
            if (!Files.isDirectory(dir)) {
                problems.add("model.path " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
            } else if (!Files.isRegularFile(dir.resolve("config.json"))) {
                problems.add("model.path " + dir + " has no config.json (expected a Hugging Face OPT folder)");
            }
        }
        Path tok = ProjectPaths.resolve(r.model().tokenizerDir());
        boolean tokenizerFiles = Files.isRegularFile(tok.resolve("tokenizer.json"))
                || (Files.isRegularFile(tok.resolve("vocab.json")) && Files.isRegularFile(tok.resolve("merges.txt")));
        if (!tokenizerFiles && !(r.model().path().isPresent() && r.model().tokenizer().isEmpty() && !Files.isDirectory(tok))) {
            // (a missing model folder is already reported above; its tokenizer files are not reported twice)
            problems.add("tokenizer " + tok + ": no tokenizer.json, or vocab.json and merges.txt");
        }
        Path train = ProjectPaths.resolve(r.data().train());
        if (!Files.isRegularFile(train)) {
            problems.add("data.train " + train + (Files.exists(train) ? " is not a file" : " does not exist"));
        }
        boolean evaluates = r.eval().every() > 0 || !r.eval().finalTasks().isEmpty();
        Path evalData = ProjectPaths.resolve(r.eval().data());
        if (evaluates && !Files.isDirectory(evalData)) {
            problems.add("eval.data " + evalData + (Files.exists(evalData) ? " is not a directory" : " does not exist"));
        } else if (r.eval().every() > 0) {
            StsEvalOptions dev = StsEvalOptions.of(r.eval().tasks(), "dev");
            StsDataLoader loader = new StsDataLoader(evalData);
            for (var task : dev.tasks()) {
                for (Path f : loader.requiredFiles(task, dev.split())) {
                    if (!Files.isRegularFile(f)) {
                        problems.add("eval.tasks " + task.taskName() + " (dev, every " + r.eval().every() + " steps): " + f + " does not exist");
                    }
                }
            }
        }
        List<String> gpus = r.devices().stream().filter(d -> d.startsWith("gpu:")).toList();
        if (!gpus.isEmpty()) {
            int visible = Engine.getInstance().getGpuCount();
            for (String d : gpus) {
                if (Integer.parseInt(d.substring(4)) >= visible) {
                    problems.add("devices: " + d + " is not available (PyTorch sees " + (visible == 0 ? "no GPU" : visible + " GPU(s)")
                            + " on this machine)");
                }
            }
        }
        return problems;
    }
}
