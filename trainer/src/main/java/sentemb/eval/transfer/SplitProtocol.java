package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SentEval's {@code SplitClassifier} (SST2): one fit per L2 value with early stopping on the
 * dev split (in parallel), the L2 with the best dev accuracy is refit the same way and tested.
 */
final class SplitProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(SplitProtocol.class);

    private SplitProtocol() {}

    static ProtocolResult run(String name, FeatureMatrix trainX, int[] trainY, FeatureMatrix devX, int[] devY,
                              FeatureMatrix testX, int[] testY, FitRunner runner) {
        ClassifierConfig cfg = runner.config();
        List<Callable<Double>> fits = new ArrayList<>();
        for (double l2 : cfg.l2Grid()) {
            fits.add(() -> runner.fitScoreOnDev(trainX, trainY, devX, devY, l2));
        }
        List<Double> accuracies = runner.all(fits);
        List<Double> scores = new ArrayList<>();
        for (int g = 0; g < accuracies.size(); g++) {
            scores.add(SentEvalNumbers.pythonRound2(100 * accuracies.get(g)));
            LOG.info("{}: l2 {}: dev accuracy {}", name, cfg.l2Grid().get(g), scores.get(g));
        }
        int best = SentEvalNumbers.argmax(scores);
        double l2 = cfg.l2Grid().get(best);
        int[] predicted = runner.fitPredict(trainX, trainY, devX, devY, testX, l2);
        double test = SentEvalNumbers.pythonRound2(100 * SoftmaxRegression.accuracy(predicted, testY));
        LOG.info("{}: best l2 {} (dev {}), test {}", name, l2, scores.get(best), test);
        return new ProtocolResult(scores.get(best), test, List.of(l2), predicted);
    }
}
