package sentemb.data.sts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads STS tasks from SentEval's {@code downstream} folder:
 * <pre>
 *   DIR/STS/STS12-en-test … STS16-en-test/STS.input.&lt;subset&gt;.txt, STS.gs.&lt;subset&gt;.txt
 *   DIR/STS/STSBenchmark/sts-{train,dev,test}.csv
 *   DIR/SICK/SICK_train.txt, SICK_trial.txt, SICK_test_annotated.txt
 * </pre>
 * A task whose files are absent comes back as {@link StsLoadResult.Missing}; files that are
 * present but malformed raise {@link StsFormatException}.
 */
public final class StsDataLoader {
    private final Path downstreamDir;

    public StsDataLoader(Path downstreamDir) {
        this.downstreamDir = downstreamDir;
    }

    public Path downstreamDir() {
        return downstreamDir;
    }

    /** The folder of a task: STS/&lt;task&gt;-en-test, STS/STSBenchmark or SICK. */
    public Path taskDir(StsTask task) {
        return switch (task) {
            case STS_BENCHMARK -> downstreamDir.resolve("STS").resolve("STSBenchmark");
            case SICK_RELATEDNESS -> downstreamDir.resolve("SICK");
            default -> downstreamDir.resolve("STS").resolve(task.taskName() + "-en-test");
        };
    }

    /** Every file the task needs for this split, in reading order. */
    public List<Path> requiredFiles(StsTask task, StsSplit split) {
        requireSplit(task, split);
        Path dir = taskDir(task);
        return switch (task) {
            case STS_BENCHMARK -> List.of(StsBenchmarkLoader.file(dir, split));
            case SICK_RELATEDNESS -> List.of(SickRelatednessLoader.file(dir, split));
            default -> {
                List<Path> files = new ArrayList<>();
                for (String subset : task.subsets()) {
                    files.add(YearlyStsLoader.inputFile(dir, subset));
                    files.add(YearlyStsLoader.goldFile(dir, subset));
                }
                yield files;
            }
        };
    }

    /** Loads a task's split, or reports which of its files are absent. */
    public StsLoadResult load(StsTask task, StsSplit split) {
        List<Path> missing = requiredFiles(task, split).stream().filter(p -> !Files.isRegularFile(p)).toList();
        if (!missing.isEmpty()) {
            return new StsLoadResult.Missing(task, split, missing);
        }
        Path dir = taskDir(task);
        List<StsSubset> subsets = switch (task) {
            case STS_BENCHMARK -> List.of(StsBenchmarkLoader.load(StsBenchmarkLoader.file(dir, split), split));
            case SICK_RELATEDNESS -> List.of(SickRelatednessLoader.load(SickRelatednessLoader.file(dir, split), split));
            default -> task.subsets().stream().map(s -> YearlyStsLoader.load(dir, s)).toList();
        };
        return new StsLoadResult.Loaded(new StsDataset(task, split, subsets));
    }

    private static void requireSplit(StsTask task, StsSplit split) {
        if (!task.hasSplit(split)) {
            throw new IllegalArgumentException(task.taskName() + " has only a test split, not " + split.label());
        }
    }
}
