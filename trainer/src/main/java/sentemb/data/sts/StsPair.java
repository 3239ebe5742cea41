package sentemb.data.sts;

/**
 * One sentence pair with its gold similarity. Sentences are already in the form the
 * reference evaluation hands to the model: SentEval's {@code str.split()} tokens joined
 * with single spaces. {@code source} is the line the sentences were read from (for the yearly
 * STS tasks, the line of {@code STS.input.*.txt}), so errors about a sentence can name it.
 */
public record StsPair(String sentence1, String sentence2, double gold, SourceLine source) {}
