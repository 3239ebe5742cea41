package sentemb.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The scores of one task. {@code spearman}/{@code pearson} are the headline numbers: for
 * STS12–16 SentEval's "all" (every subset's pairs pooled into one correlation, what the
 * paper reports), for STS-B and SICK-R the correlation over the evaluated split. For
 * STS12–16 {@code mean} and {@code wmean} are SentEval's plain and pair-count-weighted means
 * of the per-subset correlations, and {@code subsets} lists them; for STS-B and SICK-R those
 * are null and empty. A missing task has status {@code missing}, 0 pairs, NaN scores and
 * lists the absent files.
 *
 * @param predictionsFile TSV of the pairs relative to the results folder, or null
 */
public record StsTaskResult(
        String task,
        StsStatus status,
        String split,
        int pairs,
        double spearman,
        double pearson,
        CorrelationScores mean,
        CorrelationScores wmean,
        List<SubsetScore> subsets,
        List<String> missingFiles,
        String predictionsFile) {

    public StsTaskResult {
        subsets = List.copyOf(subsets);
        missingFiles = List.copyOf(missingFiles);
    }

    public static StsTaskResult missing(String task, String split, List<String> missingFiles) {
        return new StsTaskResult(task, StsStatus.MISSING, split, 0, Double.NaN, Double.NaN, null, null,
                List.of(), missingFiles, null);
    }

    @JsonIgnore
    public boolean isOk() {
        return status == StsStatus.OK;
    }

    public StsTaskResult withPredictionsFile(String file) {
        return new StsTaskResult(task, status, split, pairs, spearman, pearson, mean, wmean, subsets, missingFiles, file);
    }
}
