package sentemb.model;

/** How a sentence vector is read off the last layer. */
public enum Pooling {
    /** The last token's hidden state (PromptEOL; sequences are left-padded). */
    LAST,
    /** The mean over all real (unpadded) tokens of the prompt, prefix included. */
    MEAN;

    public static Pooling parse(String s) {
        for (Pooling p : values()) {
            if (p.name().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + s + "'; expected last or mean");
    }
}
