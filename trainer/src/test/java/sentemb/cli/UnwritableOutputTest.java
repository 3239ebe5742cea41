package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that cannot be written (here: a folder no process may create files in, /sys on
 * Linux, even as root) is named by its final path, never by the temporary name the write hit,
 * and exits 2 (issue 10).
 */
class UnwritableOutputTest {
    @Test
    void theErrorNamesTheFinalPath(@TempDir Path tmp) throws Exception {
        Path target = Path.of("/sys/sentemb-test-output.jsonl");
        assumeTrue(Files.isDirectory(Path.of("/sys")), "needs Linux's /sys");
        Path input = Files.writeString(tmp.resolve("in.txt"), "A sentence.\n");
        Cli.Result r = Cli.badInput(Cli.args("embed", "--model", CliFixtures.tinyModel(), "--input", input, "--output", target),
                "cannot write " + target + ": ");
        assertFalse(r.err().contains(".tmp-"), r::toString);
    }
}
