package sentemb.eval;

import java.util.List;

/**
 * Turns raw sentences into fixed-size embeddings. Everything about the representation
 * (template, demonstration, text clean-up, pooling) is decided when the encoder is built,
 * so evaluators only hand over the sentences exactly as the dataset gives them.
 */
public interface SentenceEncoder {

    /** Embeds the sentences; row i of the result belongs to sentences.get(i). */
    float[][] encode(List<String> sentences);

    /** Embedding width. */
    int dimension();
}
