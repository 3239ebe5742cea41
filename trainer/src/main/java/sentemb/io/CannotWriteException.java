package sentemb.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;

/**
 * An output that could not be written (full disk, read-only or forbidden folder), named by its
 * final path, not by the temporary name the failure actually hit; the command exits 2. The
 * original exception is kept as a suppressed one for stack traces.
 */
public class CannotWriteException extends IOException {
    public CannotWriteException(java.nio.file.Path target, IOException cause) {
        super(cause instanceof CannotWriteException ? cause.getMessage() : "cannot write " + target + ": " + reason(cause));
        addSuppressed(cause);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
