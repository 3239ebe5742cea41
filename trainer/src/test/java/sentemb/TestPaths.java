package sentemb;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations of the repository and of the shared real data used by tests. */
public final class TestPaths {
    private TestPaths() {}

    /** The repository root (the folder holding the parent pom). */
    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !(Files.exists(p.resolve("trainer")) && Files.exists(p.resolve("pom.xml")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** {@code ../shared} beside the repository, or the {@code sentemb.shared} system property. */
    public static Path shared() {
        String prop = System.getProperty("sentemb.shared");
        Path p = prop != null ? Path.of(prop) : repoRoot().resolve("../shared");
        if (!Files.isDirectory(p)) {
            p = repoRoot().resolve("../shared");
        }
        return p.normalize();
    }

    public static Path sharedData() {
        return shared().resolve("data");
    }

    /** Committed test fixtures under trainer/src/test/resources/fixtures. */
    public static Path fixtures() {
        return repoRoot().resolve("trainer/src/test/resources/fixtures");
    }
}
