package sentemb.eval.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SentEval's {@code InnerKFoldClassifier} (MR, CR, SUBJ, MPQA): stratified k-fold over all
 * samples; inside each training part a second stratified k-fold scores every L2 value (the
 * classifier stops early on, and is scored on, the inner held-out fold); the best L2 is refit
 * on the whole training part with 5% held out for early stopping and tested on the outer fold.
 * Both splitters use random_state 1111 whatever the task seed, as SentEval hard-codes it.
 */
final class InnerKFoldProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(InnerKFoldProtocol.class);
    static final long SENTEVAL_FOLD_SEED = 1111;

    private InnerKFoldProtocol() {}

    static ProtocolResult run(String name, NDManager manager, NDArray x, int[] y, FitRunner runner) {
        ClassifierConfig cfg = runner.config();
        StratifiedKFold splitter = new StratifiedKFold(cfg.kfold(), SENTEVAL_FOLD_SEED);
        List<Double> devResults = new ArrayList<>();
        List<Double> testResults = new ArrayList<>();
        List<Double> chosen = new ArrayList<>();
        int count = 0;
        for (StratifiedKFold.Fold outer : splitter.split(y)) {
            count++;
            try (NDManager scope = manager.newSubManager()) {
                NDArray trainX = SoftmaxRegression.rows(scope, x, outer.train());
                NDArray testX = SoftmaxRegression.rows(scope, x, outer.test());
                int[] trainY = SoftmaxRegression.select(y, outer.train());
                int[] testY = SoftmaxRegression.select(y, outer.test());
                List<StratifiedKFold.Fold> inner = splitter.split(trainY);
                List<Double> scores = new ArrayList<>();
                for (double l2 : cfg.l2Grid()) {
                    List<Double> regScores = new ArrayList<>();
                    for (StratifiedKFold.Fold f : inner) {
                        try (NDManager fit = scope.newSubManager()) {
                            regScores.add(runner.fitScoreOnDev(SoftmaxRegression.rows(fit, trainX, f.train()),
                                    SoftmaxRegression.select(trainY, f.train()),
                                    SoftmaxRegression.rows(fit, trainX, f.test()),
                                    SoftmaxRegression.select(trainY, f.test()), l2));
                        }
                    }
                    scores.add(SentEvalNumbers.numpyRound2(100 * SentEvalNumbers.numpyMean(regScores)));
                }
                int best = SentEvalNumbers.argmax(scores);
                double l2 = cfg.l2Grid().get(best);
                chosen.add(l2);
                devResults.add(scores.get(best));
                int[] predicted = runner.fitValidationSplitPredict(trainX, trainY, testX, l2);
                double test = SentEvalNumbers.pythonRound2(100 * SoftmaxRegression.accuracy(predicted, testY));
                testResults.add(test);
                LOG.info("{}: split {}/{}: l2 {} (inner scores {}), dev {}, test {}", name, count, cfg.kfold(), l2,
                        scores, scores.get(best), test);
            }
        }
        return new ProtocolResult(SentEvalNumbers.numpyRound2(SentEvalNumbers.numpyMean(devResults)),
                SentEvalNumbers.numpyRound2(SentEvalNumbers.numpyMean(testResults)), List.copyOf(chosen), null);
    }
}
