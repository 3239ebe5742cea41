package sentemb.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.ExecutionException;
import sentemb.checkpoint.CorruptCheckpointException;
import sentemb.recipe.RecipeException;

/**
 * Turns an exception into the single line a user sees after {@code sentemb <verb>: error: },
 * and decides whether it was the user's input (exit 2) or something else (exit 1).
 */
final class ErrorMessages {
    /** Longer messages (e.g. a native library's dump) are cut: the stack trace is one SENTEMB_DEBUG=1 away. */
    static final int MAX_CHARS = 600;

    private ErrorMessages() {}

    /**
     * The exception worth showing: wrappers that add nothing (an ExecutionException, a
     * reflection wrapper, or one whose message is just its cause's toString) are peeled off.
     */
    static Throwable reportable(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t && (t instanceof ExecutionException
                || t instanceof InvocationTargetException || t.getMessage() == null
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * One line, no line breaks: the exception's own words, and for an I/O wrapper such as
     * "cannot read X" also its cause's (which says what went wrong with X).
     */
    static String describe(Throwable t) {
        String msg = own(t);
        Throwable cause = t.getCause();
        if (cause != null && cause != t && (t instanceof UncheckedIOException || t instanceof IOException)) {
            String c = own(cause);
            if (!msg.contains(c) && !msg.contains(String.valueOf(cause.getMessage()))) {
                msg = msg + ": " + c;
            }
        }
        return shorten(oneLine(msg));
    }

    private static String own(Throwable t) {
        if (t instanceof RecipeException r) {
            // One line per problem in the exception's own message; here they share the line.
            return "recipe " + r.source() + ": " + String.join("; ", r.problems());
        }
        if (t instanceof NoSuchFileException e) {
            return "no such file or directory: " + e.getFile();
        }
        if (t instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (t instanceof NotDirectoryException e) {
            return "not a directory: " + e.getFile();
        }
        if (t instanceof FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        if (t instanceof DirectoryNotEmptyException e) {
            return "directory not empty: " + e.getFile();
        }
        if (t instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        }
        if (t instanceof CharacterCodingException) {
            return "not valid UTF-8 text";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }

    /** Whitespace runs that contain a line break become one space. */
    static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String shorten(String s) {
        return s.length() <= MAX_CHARS ? s : s.substring(0, MAX_CHARS) + "... (set " + Main.DEBUG_ENV + "=1 for the rest)";
    }

    /** Input the user can fix: bad arguments, missing or malformed files, damaged checkpoints, unwritable outputs. */
    static boolean isBadInput(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IllegalArgumentException || c instanceof NoSuchFileException || c instanceof FileNotFoundException
                    || c instanceof NotDirectoryException || c instanceof CorruptCheckpointException
                    || c instanceof CharacterCodingException || c instanceof sentemb.io.CannotWriteException) {
                return true;
            }
        }
        return false;
    }
}
