package sentemb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every path under a folder with its size and modification time: equal snapshots before
 * and after a failed command mean it wrote, renamed and left behind nothing (no temp files).
 */
record DirectorySnapshot(Path root, TreeMap<String, String> entries) {
    static DirectorySnapshot of(Path root) {
        TreeMap<String, String> entries = new TreeMap<>();
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.forEach(p -> {
                    try {
                        // A folder's own time changes when a temp file comes and goes: only files carry one.
                        String what = Files.isDirectory(p) ? "dir"
                                : Files.size(p) + " bytes @" + Files.getLastModifiedTime(p).toMillis();
                        entries.put(root.relativize(p).toString(), what);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DirectorySnapshot(root, entries);
    }
}
