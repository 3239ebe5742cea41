package sentemb.eval.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Builds, fits and scores one classifier of a protocol (SentEval builds a fresh one per fit). */
final class FitRunner {
    private final NDManager manager;
    private final ClassifierConfig config;
    private final int dim;
    private final int numClasses;
    private final long seed;
    private final InitialWeights init;

    FitRunner(NDManager manager, ClassifierConfig config, int dim, int numClasses, long seed, InitialWeights init) {
        this.manager = manager;
        this.config = config;
        this.dim = dim;
        this.numClasses = numClasses;
        this.seed = seed;
        this.init = init;
    }

    ClassifierConfig config() {
        return config;
    }

    /** Fit with early stopping on (devX, devY) and return the dev accuracy as a fraction. */
    double fitScoreOnDev(NDArray trainX, int[] trainY, NDArray devX, int[] devY, double l2) {
        try (SoftmaxRegression clf = newClassifier(l2)) {
            clf.fit(trainX, trainY, devX, devY);
            return clf.score(devX, devY);
        }
    }

    /** Fit with early stopping on (devX, devY), then predict testX. */
    int[] fitPredict(NDArray trainX, int[] trainY, NDArray devX, int[] devY, NDArray testX, double l2) {
        try (SoftmaxRegression clf = newClassifier(l2)) {
            clf.fit(trainX, trainY, devX, devY);
            return clf.predict(testX);
        }
    }

    /** Fit holding out {@code validationSplit} of the training rows for early stopping, then predict. */
    int[] fitValidationSplitPredict(NDArray trainX, int[] trainY, NDArray testX, double l2) {
        try (SoftmaxRegression clf = newClassifier(l2)) {
            clf.fitWithValidationSplit(trainX, trainY);
            return clf.predict(testX);
        }
    }

    private SoftmaxRegression newClassifier(double l2) {
        return new SoftmaxRegression(manager, config, dim, numClasses, l2, seed, init);
    }
}
