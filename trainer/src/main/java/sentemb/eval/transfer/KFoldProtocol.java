package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SentEval's {@code KFoldClassifier} (TREC, MRPC): each L2 value is scored by stratified
 * k-fold on the training set (random_state = task seed), the best is refit on the whole
 * training set with 5% held out for early stopping, and that model is tested. The fits of the
 * L2 scan are independent and run in parallel.
 */
final class KFoldProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(KFoldProtocol.class);

    private KFoldProtocol() {}

    static ProtocolResult run(String name, FeatureMatrix trainX, int[] trainY, FeatureMatrix testX, int[] testY,
                              FitRunner runner, long seed) {
        ClassifierConfig cfg = runner.config();
        List<StratifiedKFold.Fold> folds = new StratifiedKFold(cfg.kfold(), seed).split(trainY);
        List<Callable<Double>> fits = new ArrayList<>();
        for (double l2 : cfg.l2Grid()) {
            for (StratifiedKFold.Fold f : folds) {
                fits.add(() -> runner.fitScoreOnDev(trainX.rows(f.train()), SoftmaxRegression.select(trainY, f.train()),
                        trainX.rows(f.test()), SoftmaxRegression.select(trainY, f.test()), l2));
            }
        }
        List<Double> results = runner.all(fits);
        List<Double> scores = new ArrayList<>();
        for (int g = 0; g < cfg.l2Grid().size(); g++) {
            List<Double> scan = results.subList(g * folds.size(), (g + 1) * folds.size());
            scores.add(SentEvalNumbers.numpyRound2(100 * SentEvalNumbers.numpyMean(scan)));
            LOG.info("{}: l2 {}: {}-fold accuracy {}", name, cfg.l2Grid().get(g), cfg.kfold(), scores.get(g));
        }
        int best = SentEvalNumbers.argmax(scores);
        double l2 = cfg.l2Grid().get(best);
        int[] predicted = runner.fitValidationSplitPredict(trainX, trainY, testX, l2);
        double test = SentEvalNumbers.pythonRound2(100 * SoftmaxRegression.accuracy(predicted, testY));
        LOG.info("{}: best l2 {} (dev {}), test {}", name, l2, scores.get(best), test);
        return new ProtocolResult(scores.get(best), test, List.of(l2), predicted);
    }
}
