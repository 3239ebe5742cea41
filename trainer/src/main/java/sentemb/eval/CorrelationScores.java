package sentemb.eval;

/** A Spearman / Pearson pair in [-1, 1]; NaN (null in JSON) when undefined. */
public record CorrelationScores(double spearman, double pearson) {}
