package sentemb.eval;

/** Correlations over one SentEval subset (e.g. STS12's MSRpar). */
public record SubsetScore(String name, int pairs, double spearman, double pearson) {}
