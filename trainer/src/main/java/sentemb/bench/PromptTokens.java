package sentemb.bench;

import java.util.Arrays;

/**
 * Real OPT token ids of the PromptEOL template pieces, so synthetic prompts have the shape of
 * real ones. Produced once with {@link sentemb.text.PromptTokenizer} on the shipped GPT-2 BPE files
 * (data/tokenizer) from {@code PromptTemplate.promptEol()} and the reference's demonstrations;
 * only the sentence in the middle is synthetic.
 */
final class PromptTokens {
    private PromptTokens() {}

    /** {@code </s>This sentence : "} (BOS then the template head): 5 tokens. */
    static final int[] TEMPLATE_HEAD = {2, 1216, 6831, 1062, 370};

    /**
     * {@code ." means in one word:"}: the sentence's final period merges with the closing quote
     * (id 530) in OPT's BPE, so it is counted here rather than in the sentence: 6 tokens.
     */
    static final int[] TEMPLATE_TAIL = {530, 1728, 291, 534, 1577, 11101};

    /**
     * opt-125m's demonstration, {@code This sentence : "A man is smoking." means in one
     * word:"Smoking".}, as it tokenizes directly after BOS: 17 tokens between BOS and the template head.
     */
    static final int[] DEMO_125M = {1216, 6831, 1062, 370, 36, 586, 322, 9220, 530, 1728, 291, 534, 1577, 11101,
        7560, 5734, 1915};

    /**
     * opt-350m's demonstration, {@code This sentence : "A man is playing on a guitar and singing."
     * means in one word:"Music".}: 21 tokens.
     */
    static final int[] DEMO_350M = {1216, 6831, 1062, 370, 36, 586, 322, 2716, 323, 261, 10051, 294, 13781, 530,
        1728, 291, 534, 1577, 11101, 22652, 1915};

    /**
     * STS-B test sentences (2,758, tokenized without BOS by OPT's BPE): how many have each token
     * count, index = count. Sentence lengths are drawn from this histogram (mean 12.1 tokens,
     * median 10, 95th percentile 28, max 43).
     */
    static final int[] STSB_LENGTH_COUNTS = {
        0, 0, 0, 2, 10, 95, 217, 377, 329, 299, 264, 176, 143, 113, 76, 60, 52, 66, 56, 49,
        49, 29, 31, 19, 25, 26, 20, 23, 27, 13, 14, 17, 20, 16, 11, 11, 6, 7, 3, 1,
        2, 3, 0, 1};

    /** Template head, then the demonstration if any, then nothing: the prompt's fixed prefix. */
    static int[] prefix(int[] demonstration) {
        if (demonstration == null) {
            return TEMPLATE_HEAD.clone();
        }
        int[] out = new int[1 + demonstration.length + TEMPLATE_HEAD.length - 1];
        out[0] = TEMPLATE_HEAD[0];
        System.arraycopy(demonstration, 0, out, 1, demonstration.length);
        System.arraycopy(TEMPLATE_HEAD, 1, out, 1 + demonstration.length, TEMPLATE_HEAD.length - 1);
        return out;
    }

    static int totalSentences() {
        return Arrays.stream(STSB_LENGTH_COUNTS).sum();
    }
}
