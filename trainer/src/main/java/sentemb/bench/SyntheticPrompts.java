package sentemb.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import sentemb.train.TokenizedBatch;

/**
 * Seeded token sequences shaped like PromptEOL prompts: the real template (and demonstration)
 * ids around a synthetic sentence whose length follows STS-B's ({@link PromptTokens}). The same
 * seed gives the same sequences, which are written out so PyTorch runs on identical inputs.
 */
final class SyntheticPrompts {
    /** The reference's training cutoff: each sentence is cut to 32 tokens before templating. */
    static final int TRAINING_CUTOFF = 32;
    /** Sentence ids are drawn from the ordinary (non-special) part of OPT's vocabulary. */
    static final int FIRST_WORD_ID = 4;
    static final int LAST_WORD_ID = 50264;

    private final SplittableRandom rng;
    private final int[] cumulative;

    SyntheticPrompts(long seed) {
        this.rng = new SplittableRandom(seed);
        int[] counts = PromptTokens.STSB_LENGTH_COUNTS;
        cumulative = new int[counts.length];
        int c = 0;
        for (int i = 0; i < counts.length; i++) {
            c += counts[i];
            cumulative[i] = c;
        }
    }

    /** A sentence length in tokens (its final period included), drawn from STS-B's histogram. */
    int sentenceLength() {
        int u = rng.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        throw new AssertionError("histogram walk fell off the end");
    }

    /** Sentence ids without the final period, which merges into the template tail. */
    private int[] sentenceBody(int cutoff) {
        int n = Math.max(1, Math.min(sentenceLength(), cutoff) - 1);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = rng.nextInt(FIRST_WORD_ID, LAST_WORD_ID + 1);
        }
        return ids;
    }

    static int[] prompt(int[] prefix, int[] body) {
        int[] tail = PromptTokens.TEMPLATE_TAIL;
        int[] out = new int[prefix.length + body.length + tail.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        System.arraycopy(tail, 0, out, prefix.length + body.length, tail.length);
        return out;
    }

    /**
     * {@code sentences} evaluation prompts (no cutoff), sorted by length and cut into batches of
     * {@code batchSize}, as the project's STS encoder and SentEval batch them. The same sentences
     * go into both returned sets: index 0 plain PromptEOL, index 1 with {@code demonstration}.
     */
    List<List<List<int[]>>> embeddingBatches(int sentences, int batchSize, int[] demonstration) {
        List<int[]> bodies = new ArrayList<>();
        for (int i = 0; i < sentences; i++) {
            bodies.add(sentenceBody(Integer.MAX_VALUE));
        }
        bodies.sort(Comparator.comparingInt(b -> b.length));
        List<List<List<int[]>>> out = new ArrayList<>();
        for (int[] prefix : new int[][] {PromptTokens.prefix(null), PromptTokens.prefix(demonstration)}) {
            List<List<int[]>> batches = new ArrayList<>();
            for (int from = 0; from < bodies.size(); from += batchSize) {
                List<int[]> batch = new ArrayList<>();
                for (int[] body : bodies.subList(from, Math.min(bodies.size(), from + batchSize))) {
                    batch.add(prompt(prefix, body));
                }
                batches.add(batch);
            }
            out.add(batches);
        }
        return out;
    }

    /** A training batch of {@code triplets} (anchor, positive, hard negative), sentences cut to 32 tokens. */
    TokenizedBatch trainingBatch(int triplets) {
        List<int[]> a = new ArrayList<>();
        List<int[]> p = new ArrayList<>();
        List<int[]> n = new ArrayList<>();
        int[] head = PromptTokens.prefix(null);
        for (int i = 0; i < triplets; i++) {
            a.add(prompt(head, sentenceBody(TRAINING_CUTOFF)));
            p.add(prompt(head, sentenceBody(TRAINING_CUTOFF)));
            n.add(prompt(head, sentenceBody(TRAINING_CUTOFF)));
        }
        return new TokenizedBatch(a, p, n);
    }
}
