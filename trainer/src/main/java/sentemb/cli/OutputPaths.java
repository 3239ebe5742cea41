package sentemb.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks on output paths made before any work starts, so a run that would fail at the end
 * (or destroy something) fails at once with nothing written.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** An existing input folder given by {@code option}; {@code expected} says what it should hold. */
    static void requireInputDirectory(String option, Path path, String expected) {
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + (Files.exists(path) ? " is not a directory" : " does not exist")
                    + " (expected " + expected + ")");
        }
    }

    /** A file to be created or replaced: not an existing directory. */
    static void requireFileTarget(String option, Path path) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + " is a directory; expected a file name");
        }
    }

    /** A folder to write files into (others in it are left alone): not an existing file. */
    static void requireDirectoryTarget(String option, Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + " is a file; expected a directory");
        }
    }

    /** A folder that does not exist yet or is empty; {@code hint} says how to go ahead anyway. */
    static void requireEmptyOrAbsent(String option, Path path, String hint) throws IOException {
        requireDirectoryTarget(option, path);
        if (!Files.isDirectory(path)) {
            return;
        }
        try (Stream<Path> entries = Files.list(path)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(option + " " + path + " is not empty (" + hint + ")");
            }
        }
    }

    /**
     * A model folder that will be replaced as a whole: absent, empty, or an earlier model
     * (it has a config.json). Anything else is refused rather than deleted.
     */
    static void requireReplaceableModelDirectory(String option, Path path) throws IOException {
        requireDirectoryTarget(option, path);
        if (!Files.isDirectory(path) || Files.isRegularFile(path.resolve("config.json"))) {
            return;
        }
        try (Stream<Path> entries = Files.list(path)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException(option + " " + path + " exists and is not a model directory (no config.json);"
                        + " it would be replaced as a whole, so choose a new folder or remove it first");
            }
        }
    }
}
