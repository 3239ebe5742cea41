package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SentEval's {@code InnerKFoldClassifier} (MR, CR, SUBJ, MPQA): stratified k-fold over all
 * samples; inside each training part a second stratified k-fold scores every L2 value (the
 * classifier stops early on, and is scored on, the inner held-out fold); the best L2 is refit
 * on the whole training part with 5% held out for early stopping and tested on the outer fold.
 * Both splitters use random_state 1111 whatever the task seed, as SentEval hard-codes it.
 * All inner fits of all outer folds are independent and run in parallel, then the refits.
 */
final class InnerKFoldProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(InnerKFoldProtocol.class);
    static final long SENTEVAL_FOLD_SEED = 1111;

    private InnerKFoldProtocol() {}

    static ProtocolResult run(String name, FeatureMatrix x, int[] y, FitRunner runner) {
        ClassifierConfig cfg = runner.config();
        StratifiedKFold splitter = new StratifiedKFold(cfg.kfold(), SENTEVAL_FOLD_SEED);
        List<StratifiedKFold.Fold> outerFolds = splitter.split(y);
        List<Callable<Double>> innerFits = new ArrayList<>();
        for (StratifiedKFold.Fold outer : outerFolds) {
            int[] trainY = SoftmaxRegression.select(y, outer.train());
            List<StratifiedKFold.Fold> inner = splitter.split(trainY);
            for (double l2 : cfg.l2Grid()) {
                for (StratifiedKFold.Fold f : inner) {
                    int[] fitRows = SoftmaxRegression.select(outer.train(), f.train());
                    int[] devRows = SoftmaxRegression.select(outer.train(), f.test());
                    innerFits.add(() -> runner.fitScoreOnDev(x.rows(fitRows), SoftmaxRegression.select(y, fitRows),
                            x.rows(devRows), SoftmaxRegression.select(y, devRows), l2));
                }
            }
        }
        List<Double> innerScores = runner.all(innerFits);

        int perOuter = cfg.l2Grid().size() * cfg.kfold();
        List<List<Double>> scoresPerOuter = new ArrayList<>();
        List<Double> chosen = new ArrayList<>();
        List<Callable<int[]>> refits = new ArrayList<>();
        for (int o = 0; o < outerFolds.size(); o++) {
            StratifiedKFold.Fold outer = outerFolds.get(o);
            List<Double> scores = new ArrayList<>();
            for (int g = 0; g < cfg.l2Grid().size(); g++) {
                int from = o * perOuter + g * cfg.kfold();
                List<Double> regScores = innerScores.subList(from, from + cfg.kfold());
                scores.add(SentEvalNumbers.numpyRound2(100 * SentEvalNumbers.numpyMean(regScores)));
            }
            double l2 = cfg.l2Grid().get(SentEvalNumbers.argmax(scores));
            scoresPerOuter.add(scores);
            chosen.add(l2);
            refits.add(() -> runner.fitValidationSplitPredict(x.rows(outer.train()),
                    SoftmaxRegression.select(y, outer.train()), x.rows(outer.test()), l2));
        }
        List<int[]> predictions = runner.all(refits);

        List<Double> devResults = new ArrayList<>();
        List<Double> testResults = new ArrayList<>();
        for (int o = 0; o < outerFolds.size(); o++) {
            List<Double> scores = scoresPerOuter.get(o);
            double dev = scores.get(SentEvalNumbers.argmax(scores));
            int[] testY = SoftmaxRegression.select(y, outerFolds.get(o).test());
            double test = SentEvalNumbers.pythonRound2(100 * SoftmaxRegression.accuracy(predictions.get(o), testY));
            devResults.add(dev);
            testResults.add(test);
            LOG.info("{}: split {}/{}: l2 {} (inner scores {}), dev {}, test {}", name, o + 1, cfg.kfold(),
                    chosen.get(o), scores, dev, test);
        }
        return new ProtocolResult(SentEvalNumbers.numpyRound2(SentEvalNumbers.numpyMean(devResults)),
                SentEvalNumbers.numpyRound2(SentEvalNumbers.numpyMean(testResults)), List.copyOf(chosen), null);
    }
}
