package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import sentemb.TestPaths;
import sentemb.text.Demonstration;
import sentemb.text.PromptTokenizer;
import sentemb.text.PromptTemplate;

/** The hard-coded template ids and length histogram against the shipped tokenizer and the real STS-B file. */
class PromptTokensTest {
    private static PromptTokenizer tokenizer() {
        return PromptTokenizer.load(TestPaths.repoRoot().resolve("data/tokenizer"));
    }

    @Test
    void templatePiecesAreWhatTheTokenizerProduces() {
        try (PromptTokenizer t = tokenizer()) {
            String sentence = "A woman is slicing an onion.";
            int[] body = t.encode("A woman is slicing an onion", false);
            check(t.encode(PromptTemplate.promptEol().render(sentence), true), PromptTokens.prefix(null), body);
            check(t.encode(PromptTemplate.promptEol().withDemonstration(Demonstration.preset("opt-125m")).render(sentence), true),
                    PromptTokens.prefix(PromptTokens.DEMO_125M), body);
            check(t.encode(PromptTemplate.promptEol().withDemonstration(Demonstration.preset("opt-350m")).render(sentence), true),
                    PromptTokens.prefix(PromptTokens.DEMO_350M), body);
        }
    }

    private static void check(int[] prompt, int[] prefix, int[] body) {
        int[] tail = PromptTokens.TEMPLATE_TAIL;
        assertArrayEquals(prefix, Arrays.copyOf(prompt, prefix.length));
        assertArrayEquals(body, Arrays.copyOfRange(prompt, prefix.length, prompt.length - tail.length));
        assertArrayEquals(tail, Arrays.copyOfRange(prompt, prompt.length - tail.length, prompt.length));
    }

    @Test
    void lengthHistogramIsStsbTest() throws IOException {
        Path file = TestPaths.sharedData().resolve("downstream/STS/STSBenchmark/sts-test.csv");
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared STS-B data not present");
        int[] counts = new int[PromptTokens.STSB_LENGTH_COUNTS.length];
        try (PromptTokenizer t = tokenizer()) {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                String[] f = line.split("\t");
                for (int k = 5; k <= 6; k++) {
                    counts[t.encode(f[k], false).length]++;
                }
            }
        }
        assertArrayEquals(PromptTokens.STSB_LENGTH_COUNTS, counts);
        assertEquals(2758, Arrays.stream(counts).sum());
    }
}
