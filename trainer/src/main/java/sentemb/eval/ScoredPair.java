package sentemb.eval;

/** One evaluated pair: its subset, the sentences as encoded, the gold score and the model's cosine. */
public record ScoredPair(String subset, String sentence1, String sentence2, double gold, double cosine) {}
