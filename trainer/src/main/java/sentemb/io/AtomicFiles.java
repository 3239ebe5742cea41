package sentemb.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Crash-safe file and directory publication: content is written under a temporary name,
 * flushed to disk, then renamed into place, so a reader sees either the old version or the
 * complete new one and never a half-written file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes {@code bytes} to {@code target} through a temp file in the same directory. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            throw new CannotWriteException(target, e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        writeBytes(target, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Flushes a file that was written by other means (e.g. a tensor writer). */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** A fresh temporary sibling directory for {@code target}, to be published with {@link #publishDirectory}. */
    public static Path tempSibling(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            return Files.createDirectory(parent.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new CannotWriteException(target, e);
        }
    }

    /**
     * Renames a fully written temp directory onto {@code target}. An existing target is first
     * moved aside, so at every instant one complete version exists under some name.
     */
    public static void publishDirectory(Path tmpDir, Path target) throws IOException {
        publishDirectory(tmpDir, target, () -> {});
    }

    /** {@link #publishDirectory(Path, Path)}, running {@code afterMovingAside} once an existing target is out of the way. */
    public static void publishDirectory(Path tmpDir, Path target, Runnable afterMovingAside) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling(".old-" + target.getFileName() + "-" + UUID.randomUUID());
            move(target, old);
            afterMovingAside.run();
        }
        move(tmpDir, target);
        if (old != null) {
            deleteRecursively(old);
        }
    }

    /**
     * Moves everything a command wrote into {@code staging} (a {@link #tempSibling} of
     * {@code target}) into the folder {@code target}, replacing what was there under the same names;
     * {@code last} (the file that says the output is complete, e.g. results.json) moves last.
     * All the writing happened in {@code staging}, so a full disk or a crash before this point
     * leaves {@code target} as it was; only renames remain.
     */
    public static void publishContents(Path staging, Path target, String last) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(staging)) {
            entries = new ArrayList<>(list.toList());
        }
        entries.sort(Comparator.comparing((Path p) -> p.getFileName().toString().equals(last)));
        try {
            Files.createDirectories(target);
            for (Path p : entries) {
                Path dest = target.resolve(p.getFileName().toString());
                if (Files.isDirectory(p)) {
                    publishDirectory(p, dest);
                } else {
                    move(p, dest);
                }
            }
        } catch (IOException e) {
            throw new CannotWriteException(target, e);
        }
        deleteRecursively(staging);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
