package sentemb.eval.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * One task's outcome, shaped for {@code results.json} (Jackson serialises records directly;
 * absent values are left out).
 *
 * @param task task name (MR, CR, SUBJ, MPQA, SST2, TREC, MRPC)
 * @param status {@code ok} or {@code missing} (data files absent; nothing was run)
 * @param missingFiles for a missing task, its absent files relative to the downstream folder
 * @param protocol {@code inner-kfold}, {@code train-dev-test} or {@code kfold-train-test}
 * @param devAccuracy SentEval's {@code devacc}, percent with two decimals
 * @param testAccuracy SentEval's {@code acc}, percent with two decimals (the number papers report)
 * @param testF1 MRPC only: F1 of the paraphrase class on test, percent with two decimals
 * @param counts samples per split as loaded ({@code all} for the cross-validated tasks)
 * @param selectedL2 the L2 penalty SentEval's search picked (one per outer fold for CV tasks)
 * @param embedSeconds wall time spent in the encoder
 * @param classifierSeconds wall time spent training and testing classifiers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferTaskResult(String task, Status status, List<String> missingFiles, String protocol,
                                 Double devAccuracy, Double testAccuracy, Double testF1, Map<String, Integer> counts,
                                 List<Double> selectedL2, Double embedSeconds, Double classifierSeconds) {

    /** Whether the task ran. */
    public enum Status {
        OK, MISSING;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static TransferTaskResult missing(TransferTask task, List<String> missingFiles) {
        return new TransferTaskResult(task.name(), Status.MISSING, List.copyOf(missingFiles), null, null, null, null,
                null, null, null, null);
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
