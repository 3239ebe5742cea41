package sentemb.eval.icl;

import java.util.Locale;
import sentemb.text.Demonstration;

/**
 * One row of a search's ranking.
 *
 * @param rank 1 for the highest STS-B dev Spearman
 * @param spearman Spearman correlation in [-1, 1] (NaN when undefined, ranked last)
 * @param demonstration the candidate, or null for the no-demonstration baseline
 * @param source the pool's source label, or {@value #BASELINE} for the baseline
 */
public record RankedCandidate(int rank, double spearman, Demonstration demonstration, String source) {
    /** Source label of the row without a demonstration. */
    public static final String BASELINE = "baseline";

    public boolean isBaseline() {
        return demonstration == null;
    }

    /** E.g. {@code "A man is smoking." -> Smoking}, or {@code (no demonstration)}. */
    public String label() {
        return isBaseline() ? "(no demonstration)" : "\"" + demonstration.sentence() + "\" -> " + demonstration.word();
    }

    /** Spearman × 100 with four decimals, {@code nan} when undefined. */
    public String spearmanX100() {
        return Double.isNaN(spearman) ? "nan" : String.format(Locale.ROOT, "%.4f", 100 * spearman);
    }
}
