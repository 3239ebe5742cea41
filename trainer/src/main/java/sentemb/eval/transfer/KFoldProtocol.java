package sentemb.eval.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SentEval's {@code KFoldClassifier} (TREC, MRPC): each L2 value is scored by stratified
 * k-fold on the training set (random_state = task seed), the best is refit on the whole
 * training set with 5% held out for early stopping, and that model is tested.
 */
final class KFoldProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(KFoldProtocol.class);

    private KFoldProtocol() {}

    static ProtocolResult run(String name, NDManager manager, NDArray trainX, int[] trainY, NDArray testX,
                              int[] testY, FitRunner runner, long seed) {
        ClassifierConfig cfg = runner.config();
        List<StratifiedKFold.Fold> folds = new StratifiedKFold(cfg.kfold(), seed).split(trainY);
        List<Double> scores = new ArrayList<>();
        for (double l2 : cfg.l2Grid()) {
            List<Double> scan = new ArrayList<>();
            for (StratifiedKFold.Fold f : folds) {
                try (NDManager fit = manager.newSubManager()) {
                    scan.add(runner.fitScoreOnDev(SoftmaxRegression.rows(fit, trainX, f.train()),
                            SoftmaxRegression.select(trainY, f.train()),
                            SoftmaxRegression.rows(fit, trainX, f.test()),
                            SoftmaxRegression.select(trainY, f.test()), l2));
                }
            }
            scores.add(SentEvalNumbers.numpyRound2(100 * SentEvalNumbers.numpyMean(scan)));
            LOG.info("{}: l2 {}: {}-fold accuracy {}", name, l2, cfg.kfold(), scores.get(scores.size() - 1));
        }
        int best = SentEvalNumbers.argmax(scores);
        double l2 = cfg.l2Grid().get(best);
        int[] predicted = runner.fitValidationSplitPredict(trainX, trainY, testX, l2);
        double test = SentEvalNumbers.pythonRound2(100 * SoftmaxRegression.accuracy(predicted, testY));
        LOG.info("{}: best l2 {} (dev {}), test {}", name, l2, scores.get(best), test);
        return new ProtocolResult(scores.get(best), test, List.of(l2), predicted);
    }
}
