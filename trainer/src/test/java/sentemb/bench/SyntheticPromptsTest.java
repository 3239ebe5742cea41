package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import sentemb.train.TokenizedBatch;

class SyntheticPromptsTest {

    @Test
    void sentenceLengthsFollowTheStsbHistogram() {
        SyntheticPrompts p = new SyntheticPrompts(7);
        int n = 200_000;
        long sum = 0;
        int[] seen = new int[PromptTokens.STSB_LENGTH_COUNTS.length];
        for (int i = 0; i < n; i++) {
            int len = p.sentenceLength();
            sum += len;
            seen[len]++;
        }
        // the histogram's mean: sum(len · count) / 2758 = 33383 / 2758 = 12.104
        assertEquals(33383.0 / 2758, (double) sum / n, 0.05);
        for (int len = 0; len < seen.length; len++) {
            if (PromptTokens.STSB_LENGTH_COUNTS[len] == 0) {
                assertEquals(0, seen[len], "length " + len + " never occurs in STS-B");
            }
        }
        assertEquals(2758, PromptTokens.totalSentences());
    }

    @Test
    void embeddingBatchesAreSortedAndShareSentencesAcrossCases() {
        List<List<List<int[]>>> cases = new SyntheticPrompts(42).embeddingBatches(10, 4, PromptTokens.DEMO_125M);
        List<List<int[]>> plain = cases.get(0);
        List<List<int[]>> demo = cases.get(1);
        assertEquals(List.of(4, 4, 2), plain.stream().map(List::size).toList());
        int head = PromptTokens.TEMPLATE_HEAD.length;
        int demoPrefix = 1 + PromptTokens.DEMO_125M.length + head - 1;
        int previous = 0;
        for (int b = 0; b < plain.size(); b++) {
            for (int i = 0; i < plain.get(b).size(); i++) {
                int[] s = plain.get(b).get(i);
                int[] d = demo.get(b).get(i);
                assertArrayEquals(PromptTokens.TEMPLATE_HEAD, Arrays.copyOf(s, head));
                assertArrayEquals(PromptTokens.prefix(PromptTokens.DEMO_125M), Arrays.copyOf(d, demoPrefix));
                assertArrayEquals(Arrays.copyOfRange(s, head, s.length), Arrays.copyOfRange(d, demoPrefix, d.length));
                int tail = PromptTokens.TEMPLATE_TAIL.length;
                assertArrayEquals(PromptTokens.TEMPLATE_TAIL, Arrays.copyOfRange(s, s.length - tail, s.length));
                assertTrue(s.length >= previous, "sorted by length");
                previous = s.length;
            }
        }
    }

    @Test
    void demonstrationPrefixIsBosDemoThenTemplateHead() {
        int[] p = PromptTokens.prefix(new int[] {100, 101});
        assertArrayEquals(new int[] {2, 100, 101, 1216, 6831, 1062, 370}, p);
        assertArrayEquals(PromptTokens.TEMPLATE_HEAD, PromptTokens.prefix(null));
    }

    @Test
    void trainingSentencesAreCutTo32Tokens() {
        TokenizedBatch b = new SyntheticPrompts(1).trainingBatch(500);
        int frame = PromptTokens.TEMPLATE_HEAD.length + PromptTokens.TEMPLATE_TAIL.length;
        int longest = 0;
        for (List<int[]> col : List.of(b.anchors(), b.positives(), b.negatives())) {
            assertEquals(500, col.size());
            for (int[] s : col) {
                longest = Math.max(longest, s.length - frame);
                for (int k = PromptTokens.TEMPLATE_HEAD.length; k < s.length - PromptTokens.TEMPLATE_TAIL.length; k++) {
                    assertTrue(s[k] >= SyntheticPrompts.FIRST_WORD_ID && s[k] <= SyntheticPrompts.LAST_WORD_ID);
                }
            }
        }
        // 32 tokens including the final period, which merges into the template tail
        assertEquals(31, longest);
    }

    @Test
    void sameSeedSameSequences() {
        TokenizedBatch a = new SyntheticPrompts(5).trainingBatch(3);
        TokenizedBatch b = new SyntheticPrompts(5).trainingBatch(3);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(a.negatives().get(i), b.negatives().get(i));
        }
    }
}
