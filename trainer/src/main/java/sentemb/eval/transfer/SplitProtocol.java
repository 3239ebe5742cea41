package sentemb.eval.transfer;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SentEval's {@code SplitClassifier} (SST2): one fit per L2 value with early stopping on the
 * dev split, the L2 with the best dev accuracy is refit the same way and tested.
 */
final class SplitProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(SplitProtocol.class);

    private SplitProtocol() {}

    static ProtocolResult run(String name, NDArray trainX, int[] trainY, NDArray devX, int[] devY, NDArray testX,
                              int[] testY, FitRunner runner) {
        ClassifierConfig cfg = runner.config();
        List<Double> scores = new ArrayList<>();
        for (double l2 : cfg.l2Grid()) {
            double acc = runner.fitScoreOnDev(trainX, trainY, devX, devY, l2);
            scores.add(SentEvalNumbers.pythonRound2(100 * acc));
            LOG.info("{}: l2 {}: dev accuracy {}", name, l2, scores.get(scores.size() - 1));
        }
        int best = SentEvalNumbers.argmax(scores);
        double l2 = cfg.l2Grid().get(best);
        int[] predicted = runner.fitPredict(trainX, trainY, devX, devY, testX, l2);
        double test = SentEvalNumbers.pythonRound2(100 * SoftmaxRegression.accuracy(predicted, testY));
        LOG.info("{}: best l2 {} (dev {}), test {}", name, l2, scores.get(best), test);
        return new ProtocolResult(scores.get(best), test, List.of(l2), predicted);
    }
}
