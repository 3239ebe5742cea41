package sentemb.engine;

import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DJL 0.36's PyTorch engine works with exactly one libtorch, 2.7.1, and does not check it: a
 * local libtorch of another version (through {@code PYTORCH_LIBRARY_PATH}) fails later, in
 * native code. This checks first and fails with one line naming both versions: the local
 * library's own version file before the engine loads it, then the version the engine reports.
 */
public final class LibtorchVersion {
    /** The libtorch that DJL 0.36 is built against. */
    public static final String REQUIRED = "2.7.1";

    private static final Pattern PIP_VERSION = Pattern.compile("__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static volatile boolean checked;

    private LibtorchVersion() {}

    /**
     * Throws {@link IllegalStateException} unless the libtorch in use is {@value #REQUIRED};
     * checks once per JVM (loading the engine when nothing else has).
     */
    public static void require() {
        if (checked) {
            return;
        }
        String path = Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH");
        if (path != null && !path.isBlank()) {
            Path dir = Path.of(path);
            localVersion(dir).flatMap(v -> mismatch(v, "the libtorch in " + dir + " (PYTORCH_LIBRARY_PATH)"))
                    .ifPresent(m -> {
                        throw new IllegalStateException(m);
                    });
        }
        mismatch(Engine.getEngine("PyTorch").getVersion(), "the PyTorch engine").ifPresent(m -> {
            throw new IllegalStateException(m);
        });
        checked = true;
    }

    /** The problem with {@code found}, or empty when it is {@value #REQUIRED} (any local build tag such as {@code +cu128} allowed). */
    static Optional<String> mismatch(String found, String what) {
        String base = found.trim().split("[+-]", 2)[0];
        if (base.equals(REQUIRED)) {
            return Optional.empty();
        }
        return Optional.of(what + " is libtorch " + found.trim() + ", but DJL " + Engine.getDjlVersion()
                + " needs libtorch " + REQUIRED + " (see docs/gpu.md)");
    }

    /**
     * The version a local libtorch states about itself: {@code build-version} of a libtorch
     * archive ({@code libtorch/build-version} beside {@code libtorch/lib}), or {@code version.py}
     * of a pip-installed torch ({@code torch/version.py} beside {@code torch/lib}). Empty when
     * neither is there (the engine's own report is checked after loading).
     */
    static Optional<String> localVersion(Path libDir) {
        Path parent = libDir.toAbsolutePath().getParent();
        for (Path dir : parent == null ? new Path[] {libDir} : new Path[] {libDir, parent}) {
            try {
                Path build = dir.resolve("build-version");
                if (Files.isRegularFile(build)) {
                    return Optional.of(Files.readString(build, StandardCharsets.UTF_8).trim());
                }
                Path pip = dir.resolve("version.py");
                if (Files.isRegularFile(pip)) {
                    Matcher m = PIP_VERSION.matcher(Files.readString(pip, StandardCharsets.UTF_8));
                    if (m.find()) {
                        return Optional.of(m.group(1));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the libtorch version in " + dir + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }
}
