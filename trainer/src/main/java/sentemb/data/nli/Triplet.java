package sentemb.data.nli;

/**
 * One training row: an anchor sentence, an entailed (positive) sentence, and a
 * contradicting hard negative, or null for pair files. {@code line} is the physical line
 * (1-based, header = line 1) the row starts on. Texts are kept exactly as in the file: the
 * reference tokenizes them as loaded, and a leading space changes GPT-2 tokens.
 */
public record Triplet(String anchor, String positive, String hardNegative, int line) {

    /** True when the row has a hard negative. */
    public boolean hasHardNegative() {
        return hardNegative != null;
    }
}
