package sentemb.eval;

import java.util.List;

/** Everything one {@link StsEvaluator#evaluate} call produced, in the requested task order. */
public record StsEvaluation(List<StsTaskRun> runs) {
    public StsEvaluation {
        runs = List.copyOf(runs);
    }

    public List<StsTaskResult> results() {
        return runs.stream().map(StsTaskRun::result).toList();
    }
}
