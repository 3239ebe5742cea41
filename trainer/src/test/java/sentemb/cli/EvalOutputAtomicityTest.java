package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * eval writes its outputs all or nothing (issue 10): when it fails after the STS part (here a
 * transfer task whose file is not UTF-8), --output holds neither predictions/ nor results.json.
 */
class EvalOutputAtomicityTest {
    @Test
    void aFailureAfterTheStsPartLeavesTheOutputFolderAsItWas(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("downstream");
        CliFixtures.copy(CliFixtures.downstream().resolve("STS/STSBenchmark"), data.resolve("STS/STSBenchmark"));
        Files.createDirectories(data.resolve("MR"));
        Files.write(data.resolve("MR/rt-polarity.pos"), new byte[] {'g', 'o', 'o', 'd', '\n', (byte) 0xff, '\n'});
        Files.writeString(data.resolve("MR/rt-polarity.neg"), "bad\n");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        DirectorySnapshot before = DirectorySnapshot.of(out);
        Cli.Result r = Cli.run("eval", "--model", CliFixtures.tinyModel(), "--data", data, "--tasks", "STSBenchmark,MR",
                "--output", out);
        assertNotEquals(0, r.exitCode(), r::toString);
        assertEquals(before, DirectorySnapshot.of(out), () -> "the failed eval left files behind: " + r);
        try (var list = Files.list(tmp)) {
            assertEquals(0, list.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count(), "a staging folder was left");
        }
    }
}
