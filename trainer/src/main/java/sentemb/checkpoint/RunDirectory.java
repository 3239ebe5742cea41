package sentemb.checkpoint;

import sentemb.io.AtomicFiles;
import sentemb.io.CannotWriteException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run's folder, {@code checkpoints/<run>/}: numbered checkpoints
 * {@code step-<N>/}, the {@code best/} checkpoint by dev score, and the run's logs.
 *
 * <p>The step checkpoints are the truth; {@code best/} is a copy of the step the newest
 * checkpoint's state names as best. One publication order keeps that recoverable at every
 * instant: {@code step-N/} first (atomically, by rename), then {@code best/} copied from it,
 * then pruning. A kill between the first two leaves {@code step-N/} naming itself best while
 * {@code best/} still holds an older step; {@link #repairBest} sees the mismatch on resume
 * and copies {@code step-N/} again. Pruning never removes a step that {@code best/} still
 * needs, because {@code best/} already holds it by then.
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

    /**
     * Saves the checkpoint of {@code step} in the run's one publication order: {@code step-N/}
     * (atomically), then, when {@code best} says this step is the new best, {@code best/} as a
     * copy of it, then pruning down to the newest {@code keepLast} steps.
     */
    public Path saveStep(long step, CheckpointWriter writer, boolean best, int keepLast) throws IOException {
        Path published = publish(stepDir(step), writer, KillPoints.STEP_MANIFEST, null);
        KillPoints.reach(KillPoints.STEP_PUBLISHED);
        if (best) {
            publishBest(step);
        }
        prune(keepLast);
        return published;
    }

    /**
     * Writes {@code writer}'s files into a temp dir, checksums them, and renames it to
     * {@code target}; the kill points {@code written} (temp dir complete) and {@code aside}
     * (an existing target moved aside) may be null.
     */
    private Path publish(Path target, CheckpointWriter writer, String written, String aside) throws IOException {
        Path tmp = AtomicFiles.tempSibling(target);
        try {
            writer.writeTo(tmp);
            try (var list = Files.list(tmp)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    AtomicFiles.fsync(p);
                }
            }
            Manifest.describe(tmp).write(tmp);
            if (written != null) {
                KillPoints.reach(written);
            }
            AtomicFiles.publishDirectory(tmp, target, () -> {
                if (aside != null) {
                    KillPoints.reach(aside);
                }
            });
            return target;
        } catch (IOException e) {
            throw new CannotWriteException(target, e);
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
    }

    /** Replaces {@code best/} with a copy of {@code step-N/} (verified before it is published). */
    private void publishBest(long step) throws IOException {
        Path from = stepDir(step);
        publish(bestDir(), tmp -> {
            try (var list = Files.list(from)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    if (!p.getFileName().toString().equals(Manifest.FILE)) {
                        Files.copy(p, tmp.resolve(p.getFileName().toString()));
                    }
                }
            }
        }, KillPoints.BEST_COPIED, KillPoints.BEST_ASIDE);
        Manifest.verify(bestDir());
    }

    /** Deletes all but the newest {@code keep} step checkpoints (each renamed away first, so none is ever half there). */
    public void prune(int keep) throws IOException {
        List<Long> steps = steps();
        for (int i = 0; i < steps.size() - keep; i++) {
            Path doomed = dir.resolve(".tmp-pruned-step-" + steps.get(i) + "-" + UUID.randomUUID());
            Files.move(stepDir(steps.get(i)), doomed);
            KillPoints.reach(KillPoints.PRUNE);
            AtomicFiles.deleteRecursively(doomed);
        }
    }

    /**
     * Makes {@code best/} hold the checkpoint of {@code bestStep}, the best step named by the
     * state a run continues from (-1: none, so any {@code best/} is from steps not yet redone
     * and goes). A {@code best/} that holds another step, is damaged or missing is copied again
     * from {@code step-<bestStep>/}; if that is gone too, the run cannot be continued safely.
     */
    public void repairBest(long bestStep) throws IOException {
        Optional<Long> held = bestStepHeld();
        if (bestStep < 0) {
            if (Files.exists(bestDir())) {
                LOG.warn("removing {}: the checkpoint this run continues from has no best step yet", bestDir());
                Path doomed = dir.resolve(".tmp-stale-best-" + UUID.randomUUID());
                Files.move(bestDir(), doomed);
                AtomicFiles.deleteRecursively(doomed);
            }
            return;
        }
        if (held.isPresent() && held.get() == bestStep) {
            return;
        }
        Path source = stepDir(bestStep);
        try {
            Manifest.verify(source);
        } catch (CorruptCheckpointException e) {
            throw new CorruptCheckpointException(bestDir() + " holds " + held.map(s -> "step " + s).orElse("no complete checkpoint")
                    + " but the run's state names step " + bestStep + " as best, and " + source + " cannot restore it: "
                    + e.getMessage());
        }
        LOG.warn("{} holds {}, but the run's state names step {} as best: publishing it again from {}", bestDir(),
                held.map(s -> "step " + s).orElse("no complete checkpoint"), bestStep, source);
        publishBest(bestStep);
    }

    /** The step {@code best/} holds, if it is a complete checkpoint. */
    Optional<Long> bestStepHeld() {
        if (!Files.isDirectory(bestDir())) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrainingCheckpoint.readState(bestDir()).step());
        } catch (CorruptCheckpointException | IOException e) {
            LOG.warn("{} is not a complete checkpoint: {}", bestDir(), e.getMessage());
            return Optional.empty();
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
