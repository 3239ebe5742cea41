package sentemb.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Where {@code sentemb embed} streams its vectors, one row at a time in input order: a file
 * (written under a temporary name and renamed by {@link #finish()}, so a failed run leaves
 * nothing) or stdout ({@code -}). {@link #close()} without {@link #finish()} discards.
 */
interface EmbeddingWriter extends Closeable {
    void write(String text, float[] vector) throws IOException;

    /** Completes the output (renames the file into place, or flushes stdout). */
    void finish() throws IOException;

    /** A hidden file name beside {@code target}, in the same folder so the final rename is atomic. */
    static Path tempFileFor(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        return parent.resolve(".tmp-" + target.getFileName() + "-" + java.util.UUID.randomUUID());
    }

    /** The writer for {@code format} ("jsonl" or "npy") to {@code target}, or to {@code stdout} when target is "-". */
    static EmbeddingWriter open(String format, Path target, OutputStream stdout) throws IOException {
        boolean toStdout = target.toString().equals("-");
        try {
            return switch (format) {
                case "jsonl" -> toStdout ? JsonlWriter.toStream(stdout) : JsonlWriter.toFile(target);
                case "npy" -> toStdout ? NpyWriter.toStream(stdout) : NpyWriter.toFile(target);
                default -> throw new IllegalArgumentException("unknown format " + format);
            };
        } catch (IOException e) {
            // named by the final path, never the temporary one (a bad-output error, exit 2)
            throw new sentemb.io.CannotWriteException(target, e);
        }
    }
}
