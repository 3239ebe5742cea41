package sentemb.data.sts;

/**
 * One sentence pair with its gold similarity. Sentences are already in the form the
 * reference evaluation hands to the model: SentEval's {@code str.split()} tokens joined
 * with single spaces.
 */
public record StsPair(String sentence1, String sentence2, double gold) {}
