package sentemb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibtorchVersionTest {
    @Test
    void readsTheVersionOfALibtorchArchiveAndOfAPipTorch(@TempDir Path tmp) throws Exception {
        Path archive = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(tmp.resolve("libtorch/build-version"), "2.8.0+cu128\n");
        assertEquals(Optional.of("2.8.0+cu128"), LibtorchVersion.localVersion(archive));

        Path pip = Files.createDirectories(tmp.resolve("site-packages/torch/lib"));
        Files.writeString(tmp.resolve("site-packages/torch/version.py"), "__version__ = '2.7.1+cu128'\ndebug = False\n");
        assertEquals(Optional.of("2.7.1+cu128"), LibtorchVersion.localVersion(pip));

        assertEquals(Optional.empty(), LibtorchVersion.localVersion(Files.createDirectories(tmp.resolve("bare/lib"))));
    }

    @Test
    void aMismatchNamesBothVersionsOnOneLine() {
        assertEquals(Optional.empty(), LibtorchVersion.mismatch("2.7.1", "x"));
        assertEquals(Optional.empty(), LibtorchVersion.mismatch("2.7.1+cu128\n", "x"));
        String m = LibtorchVersion.mismatch("2.8.0+cu128", "the libtorch in /opt/libtorch/lib (PYTORCH_LIBRARY_PATH)").orElseThrow();
        assertTrue(m.contains("libtorch 2.8.0+cu128") && m.contains("needs libtorch 2.7.1"), m);
        assertTrue(m.startsWith("the libtorch in /opt/libtorch/lib (PYTORCH_LIBRARY_PATH) is"), m);
        assertTrue(!m.contains("\n"), m);
        assertTrue(LibtorchVersion.mismatch("2.7.10", "x").isPresent());
    }

    @Test
    void theEngineOfTheseTestsPasses() {
        LibtorchVersion.require();
    }
}
