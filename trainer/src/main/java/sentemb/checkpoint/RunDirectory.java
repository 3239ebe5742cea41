package sentemb.checkpoint;

import sentemb.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run's folder, {@code checkpoints/<run>/}: numbered checkpoints
 * {@code step-<N>/}, the {@code best/} checkpoint by dev score, and the run's logs.
 */
public final class RunDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
    private static final Pattern STEP = Pattern.compile("step-(\\d+)");
    public static final String BEST = "best";

    private final Path dir;

    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Path stepDir(long step) {
        return dir.resolve("step-" + step);
    }

    public Path bestDir() {
        return dir.resolve(BEST);
    }

    /** Steps that have a published checkpoint directory, ascending (not yet verified). */
    public List<Long> steps() {
        List<Long> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var list = Files.list(dir)) {
            list.forEach(p -> {
                Matcher m = STEP.matcher(p.getFileName().toString());
                if (m.matches() && Files.isDirectory(p)) {
                    out.add(Long.parseLong(m.group(1)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    /** The newest checkpoint that verifies; damaged newer ones are reported and passed over. */
    public Optional<Path> latestGood() {
        List<Long> steps = steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Path p = stepDir(steps.get(i));
            try {
                Manifest.verify(p);
                return Optional.of(p);
            } catch (CorruptCheckpointException e) {
                LOG.warn("skipping damaged checkpoint: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Writes a checkpoint atomically: into a temp dir, checksummed, then renamed to step-N. */
    public Path save(long step, CheckpointWriter writer) throws IOException {
        return publish(stepDir(step), writer);
    }

    /** Publishes {@code writer}'s files as {@code target} (a step dir, or best/). */
    public Path publish(Path target, CheckpointWriter writer) throws IOException {
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            writer.writeTo(tmp);
            try (var list = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    AtomicFiles.fsync(p);
                }
            }
            Manifest.describe(tmp).write(tmp);
            AtomicFiles.publishDirectory(tmp, target);
            return target;
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
    }

    /** Deletes all but the newest {@code keep} step checkpoints. */
    public void prune(int keep) throws IOException {
        List<Long> steps = steps();
        for (int i = 0; i < steps.size() - keep; i++) {
            AtomicFiles.deleteRecursively(stepDir(steps.get(i)));
        }
    }

    /**
     * Tidies up after a save that was killed: half-written temp dirs are removed, and a
     * previous version that had been moved aside is put back if its replacement never landed.
     */
    public void recoverInterruptedSaves() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> entries;
        try (var list = Files.list(dir)) {
            entries = list.toList();
        }
        for (Path p : entries) {
            String n = p.getFileName().toString();
            if (n.startsWith(".old-") && n.length() > ".old-".length() + 37) {
                Path original = dir.resolve(n.substring(".old-".length(), n.length() - 37));
                if (!Files.exists(original)) {
                    LOG.warn("restoring {} from an interrupted save", original);
                    Files.move(p, original);
                    continue;
                }
            }
            if (n.startsWith(".tmp-") || n.startsWith(".old-")) {
                LOG.info("removing leftover of an interrupted save: {}", p);
                AtomicFiles.deleteRecursively(p);
            }
        }
    }

    /** Writes the files of one checkpoint into a (temporary) directory. */
    @FunctionalInterface
    public interface CheckpointWriter {
        void writeTo(Path dir) throws IOException;
    }
}
