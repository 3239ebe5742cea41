package sentemb.eval.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * A transfer evaluation run: settings and one result per requested task, shaped for
 * {@code results.json}.
 *
 * @param mode {@code test} or {@code dev} (see {@link TransferMode})
 * @param seed the seed of every classifier (SentEval's {@code seed}, default 1111)
 * @param classifier the classifier settings used
 * @param dimension the encoder's embedding width
 * @param tasks results in the order requested
 * @param averageTestAccuracy mean test accuracy over the seven tasks (MRPC by accuracy, as
 *     the reference prints it); absent unless all seven ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransferReport(String mode, long seed, ClassifierConfig classifier, int dimension,
                             List<TransferTaskResult> tasks, Double averageTestAccuracy) {

    public TransferReport {
        tasks = List.copyOf(tasks);
    }

    /** The result of one task, if it was requested. */
    public Optional<TransferTaskResult> task(String name) {
        return tasks.stream().filter(t -> t.task().equalsIgnoreCase(name)).findFirst();
    }

    /** Mean of the seven test accuracies when all seven are present and ok, else null. */
    static Double averageOfAllSeven(List<TransferTaskResult> results) {
        double sum = 0;
        for (TransferTask t : TransferTask.values()) {
            TransferTaskResult r = results.stream().filter(x -> x.task().equals(t.name())).findFirst().orElse(null);
            if (r == null || !r.ok()) {
                return null;
            }
            sum += r.testAccuracy();
        }
        return SentEvalNumbers.pythonRound2(sum / TransferTask.values().length);
    }
}
