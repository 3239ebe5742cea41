package sentemb.model;

import ai.djl.ndarray.NDArray;

/** How a sentence vector is read off the last layer. */
public enum Pooling {
    /** The last token's hidden state (PromptEOL; sequences are left-padded). */
    LAST,
    /** The mean over all real (unpadded) tokens of the prompt, prefix included. */
    MEAN;

    /** Mean of {@code hidden} ({@code B × T × dim}) over the positions where {@code mask} ({@code B × T}) is 1. */
    public static NDArray maskedMean(NDArray hidden, NDArray mask) {
        NDArray m = mask.toType(hidden.getDataType(), false).expandDims(2);
        return hidden.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}));
    }

    public static Pooling parse(String s) {
        for (Pooling p : values()) {
            if (p.name().equalsIgnoreCase(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + s + "'; expected last or mean");
    }
}
