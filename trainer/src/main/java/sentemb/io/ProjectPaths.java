package sentemb.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Recipe paths are relative to the working directory. Paths to files the project ships
 * ({@code data/tokenizer}, the samples, recipes) also resolve against the installation
 * ({@code -Dsentemb.home}, set by the launcher) when they are not found there, so the
 * launcher works from any directory.
 */
public final class ProjectPaths {
    private ProjectPaths() {}

    public static Path home() {
        String h = System.getProperty("sentemb.home");
        return h == null ? Path.of("").toAbsolutePath() : Path.of(h);
    }

    public static Path resolve(Path p) {
        if (p.isAbsolute() || Files.exists(p)) {
            return p;
        }
        Path shipped = home().resolve(p);
        return Files.exists(shipped) ? shipped : p;
    }
}
