package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line syntax errors that picocli catches: a short message and a pointer to
 * {@code --help} on stderr (not the whole usage text), exit 2, nothing written.
 */
class UsageErrorTest {
    @TempDir
    Path tmp;

    /** Exit 2 and exactly: "sentemb[ verb]: error: ..." then "Try 'sentemb[ verb] --help' ...". */
    private static List<String> usageError(String command, Object... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out(), r::toString);
        List<String> lines = r.errLines();
        assertEquals(2, lines.size(), r::toString);
        assertTrue(lines.get(0).startsWith(command + ": error: "), r::toString);
        assertEquals("Try '" + command + " --help' for more information.", lines.get(1), r::toString);
        return lines;
    }

    @Test
    void unknownOptionIsNamedWithASuggestion() {
        String line = usageError("sentemb embed", "embed", "--modle", tmp.resolve("m"), "--input", "x.txt",
                "--output", tmp.resolve("o.npy")).get(0);
        assertTrue(line.contains("'--modle'"), line);
        assertTrue(line.contains("--model"), line);
        assertEquals(List.of(), DirectorySnapshot.of(tmp).entries().keySet().stream().filter(s -> !s.isEmpty()).toList());
    }

    @Test
    void missingRequiredOptionIsNamed() {
        String line = usageError("sentemb eval", "eval", "--model", tmp, "--data", tmp).get(0);
        assertTrue(line.contains("--output"), line);
    }

    @Test
    void valueOfTheWrongTypeIsNamed() {
        String line = usageError("sentemb init", "init", "--output", tmp.resolve("m"), "--hidden", "wide").get(0);
        assertTrue(line.contains("--hidden") && line.contains("wide"), line);
        assertFalse(tmp.resolve("m").toFile().exists());
    }

    @Test
    void unknownVerbIsNamedWithASuggestion() {
        String line = usageError("sentemb", "embedd").get(0);
        assertTrue(line.contains("'embedd'") && line.contains("embed"), line);
    }

    @Test
    void noVerbListsTheVerbs() {
        String line = usageError("sentemb").get(0);
        for (String verb : List.of("train", "eval", "embed", "export", "init", "icl-search", "demo")) {
            assertTrue(line.contains(verb), line);
        }
    }
}
