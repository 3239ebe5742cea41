package sentemb.checkpoint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import sentemb.TestPaths;

/**
 * {@code sentemb} in a child JVM (the test's own classpath, one libtorch thread), for tests
 * that kill it, signal it or race two of them: stdout and stderr go to files beside it.
 */
final class ChildRun {
    /** A hang guard for waits, not a timing assertion: a child that takes this long is broken. */
    static final long PATIENCE_S = 300;

    final Process process;
    final Path stdout;
    final Path stderr;

    private ChildRun(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code sentemb args...}; {@code killPoint} (may be null) sets {@link KillPoints#PROPERTY}. */
    static ChildRun start(Path logDir, String killPoint, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dsentemb.home=" + TestPaths.repoRoot(), "-cp", System.getProperty("java.class.path")));
        if (killPoint != null) {
            cmd.add("-D" + KillPoints.PROPERTY + "=" + killPoint);
        }
        cmd.add("sentemb.cli.Main");
        cmd.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path out = Files.createTempFile(logDir, "child-", ".out");
        Path err = Path.of(out.toString().replace(".out", ".err"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().keySet().removeIf(k -> k.startsWith("SENTEMB_"));
        return new ChildRun(pb.start(), out, err);
    }

    /** Waits for the exit and returns its status. */
    int waitFor() throws InterruptedException {
        if (!process.waitFor(PATIENCE_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child did not finish within " + PATIENCE_S + " s: " + this);
        }
        return process.exitValue();
    }

    /** Waits until stderr contains {@code text} (or the child exits, which fails). */
    void awaitStderr(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_S);
        while (!err().contains(text)) {
            if (!process.isAlive() && !err().contains(text)) {
                throw new AssertionError("child exited (" + process.exitValue() + ") before printing '" + text + "': " + this);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("child never printed '" + text + "': " + this);
            }
            Thread.sleep(20);
        }
    }

    /** kill -9, and wait for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(PATIENCE_S, TimeUnit.SECONDS);
    }

    String out() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        try {
            return "pid " + process.pid() + "\n--- stdout\n" + out() + "\n--- stderr\n" + err();
        } catch (IOException e) {
            return "pid " + process.pid() + " (output unreadable: " + e.getMessage() + ")";
        }
    }
}
