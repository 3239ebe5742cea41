package sentemb.eval;

import java.util.List;

/** A task's scores together with every scored pair (empty for a missing task). */
public record StsTaskRun(StsTaskResult result, List<ScoredPair> predictions) {
    public StsTaskRun {
        predictions = List.copyOf(predictions);
    }
}
