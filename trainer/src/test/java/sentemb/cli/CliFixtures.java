package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sentemb.TestPaths;
import sentemb.io.AtomicFiles;

/**
 * Things several CLI tests need, made once per test JVM through the CLI itself: a tiny
 * random model ({@code init}) and a two-step training run ({@code train --stop-after 2}).
 * They live in a temp folder removed when the JVM exits; tests must not modify them.
 */
final class CliFixtures {
    private static Path root;
    private static Path tinyModel;
    private static Path trainedRun;

    private CliFixtures() {}

    private static synchronized Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("sentemb-cli-fixtures");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path r = root;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    AtomicFiles.deleteRecursively(r);
                } catch (IOException ignored) {
                    // a temp folder; the OS cleans up eventually
                }
            }));
        }
        return root;
    }

    /** A random OPT (hidden 32, 2 layers, 2 heads) in Hugging Face layout with the shipped tokenizer. */
    static synchronized Path tinyModel() {
        if (tinyModel == null) {
            Path dir = root().resolve("tiny32");
            Cli.ok("init", "--output", dir, "--hidden", 32, "--layers", 2, "--heads", 2, "--ffn", 64, "--seed", 7);
            tinyModel = dir;
        }
        return tinyModel;
    }

    /**
     * The run folder of a full fine-tune of a 16-wide random OPT on the shipped NLI sample,
     * stopped after 2 steps of 4 triplets: it holds {@code step-2/} with a manifest.
     */
    static synchronized Path trainedRun() {
        if (trainedRun == null) {
            Path runs = root().resolve("runs");
            Cli.Result r = Cli.ok(trainArgs(runs, "t", "--stop-after", "2"));
            assertEquals(true, r.out().contains("stopped at step 2"), r::toString);
            trainedRun = runs.resolve("t");
        }
        return trainedRun;
    }

    /** {@code train tiny} shrunk to seconds, writing under {@code runDir/runName}, plus {@code extra} arguments. */
    static Object[] trainArgs(Path runDir, String runName, Object... extra) {
        Object[] base = {"train", "tiny", "run.dir=\"" + runDir + "\"", "run.name=" + runName,
            "model.init.hidden-size=16", "model.init.num-heads=2", "model.init.ffn-dim=32", "batch.size=4",
            "eval.every=0", "checkpoint.keep-best=false", "logging.plot=false", "logging.progress=false"};
        Object[] all = new Object[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    /** SentEval's downstream folder of the shared real data (STS/STSBenchmark). */
    static Path downstream() {
        return TestPaths.sharedData().resolve("downstream");
    }

    /** A copy of a folder, for tests that damage it. */
    static Path copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return to;
    }
}
