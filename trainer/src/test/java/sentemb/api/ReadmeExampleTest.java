package sentemb.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.TestPaths;

/** The README's Java API example is {@link ReadmeExample}, verbatim, and it runs. */
class ReadmeExampleTest {
    private static final String MARKER = "<!-- api-example: trainer/src/test/java/sentemb/api/ReadmeExample.java -->";

    @TempDir
    Path tmp;

    @Test
    void readmeShowsThisFileVerbatim() throws Exception {
        String readme = Files.readString(TestPaths.repoRoot().resolve("README.md"));
        int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "README.md lacks the marker " + MARKER);
        String open = "```java\n";
        int start = readme.indexOf(open, at) + open.length();
        int end = readme.indexOf("```\n", start);
        String block = readme.substring(start, end);
        String source = Files.readString(TestPaths.repoRoot().resolve("trainer/src/test/java/sentemb/api/ReadmeExample.java"));
        String expected = source.substring(source.indexOf('\n', source.indexOf("package ")) + 1).stripLeading();
        assertEquals(expected, block, "README.md's Java API example differs from ReadmeExample.java: copy the file into README");
    }

    @Test
    void exampleRunsAndPrintsTheCosineOfItsPair() throws Exception {
        Path corpus = Files.writeString(tmp.resolve("corpus.txt"), "one\ntwo sentences\nthree\n");
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.main(new String[] {ApiFixtures.tinyModel().toString(), corpus.toString()});
        } finally {
            System.setOut(stdout);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        // the cosine, recomputed from the embed verb's vectors
        float[][] v = ApiFixtures.embedCli(tmp, List.of("A man is playing a guitar.", "A man plays the guitar."));
        double dot = 0, n0 = 0, n1 = 0;
        for (int i = 0; i < v[0].length; i++) {
            dot += (double) v[0][i] * v[1][i];
            n0 += (double) v[0][i] * v[0][i];
            n1 += (double) v[1][i] * v[1][i];
        }
        double cosine = dot / Math.sqrt(n0 * n1);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("dimension 32, cosine "), lines.get(0));
        assertEquals(cosine, Double.parseDouble(lines.get(0).substring("dimension 32, cosine ".length())), 2e-6);
        assertEquals("3 corpus vectors", lines.get(1));
    }
}
