package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain-array classifier against the DJL (libtorch) one it replaced, on noisy data of the
 * transfer tasks' shape (64 features; 2 classes like MR, 6 like TREC; accuracy well below 100%,
 * so early stopping really decides): same dev-accuracy trace, stopping epoch and predictions,
 * and weights equal to float rounding.
 */
class SoftmaxRegressionEquivalenceTest {
    private static final int DIM = 64;

    @ParameterizedTest
    @CsvSource({"2, 1e-5, 7", "2, 1e-2, 8", "6, 1e-4, 9", "6, 1e-3, 10"})
    void sameFitsAsTheDjlClassifier(int classes, double l2, long dataSeed) {
        int n = classes == 2 ? 2400 : 1500;
        float[][] x = new float[n][DIM];
        int[] y = new int[n];
        noisyLinearData(x, y, classes, dataSeed);
        int trainRows = n * 4 / 5;
        ClassifierConfig cfg = TransferMode.TEST.config();
        InitialWeights init = InitialWeights.torchLikeUniform(1111);

        SoftmaxRegression plain = new SoftmaxRegression(cfg, DIM, classes, l2, 1111, init);
        SoftmaxRegression.FitReport r = plain.fit(FeatureMatrix.of(Fixtures.rowsRange(x, 0, trainRows)),
                Fixtures.range(y, 0, trainRows), FeatureMatrix.of(Fixtures.rowsRange(x, trainRows, n)),
                Fixtures.range(y, trainRows, n));
        int[] predicted = plain.predict(FeatureMatrix.of(x));

        SoftmaxRegression split = new SoftmaxRegression(cfg, DIM, classes, l2, 1111, init);
        SoftmaxRegression.FitReport rs = split.fitWithValidationSplit(FeatureMatrix.of(x), y);
        int[] predictedSplit = split.predict(FeatureMatrix.of(x));

        try (NDManager m = NDManager.newBaseManager()) {
            try (DjlSoftmaxRegression djl = new DjlSoftmaxRegression(m, cfg, DIM, classes, l2, 1111, init)) {
                DjlSoftmaxRegression.FitReport ref = djl.fit(array(m, x, 0, trainRows),
                        Fixtures.range(y, 0, trainRows), array(m, x, trainRows, n), Fixtures.range(y, trainRows, n));
                assertEquals(ref.devTrace(), r.devTrace(), "dev-accuracy trace");
                assertEquals(ref.epochs(), r.epochs());
                assertArrayEquals(djl.predict(array(m, x, 0, n)), predicted);
                float[][] w = plain.bestWeight();
                float[][] wRef = djl.bestWeight();
                for (int c = 0; c < classes; c++) {
                    assertArrayEquals(wRef[c], w[c], 1e-5f, "weight row " + c);
                }
                assertArrayEquals(djl.bestBias(), plain.bestBias(), 1e-5f);
            }
            try (DjlSoftmaxRegression djl = new DjlSoftmaxRegression(m, cfg, DIM, classes, l2, 1111, init)) {
                DjlSoftmaxRegression.FitReport ref = djl.fitWithValidationSplit(array(m, x, 0, n), y);
                assertEquals(ref.devTrace(), rs.devTrace(), "dev-accuracy trace (validation split)");
                assertEquals(ref.epochs(), rs.epochs());
                assertArrayEquals(djl.predict(array(m, x, 0, n)), predictedSplit);
            }
        }
    }

    /** Gaussian features; the label is the argmax of a random linear map plus strong noise. */
    private static void noisyLinearData(float[][] x, int[] y, int classes, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] map = new double[classes][DIM];
        for (double[] row : map) {
            for (int j = 0; j < DIM; j++) {
                row[j] = rnd.nextGaussian() / Math.sqrt(DIM);
            }
        }
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < DIM; j++) {
                x[i][j] = (float) (rnd.nextGaussian() * 0.3 + 0.1);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = rnd.nextGaussian() * 0.15;
                for (int j = 0; j < DIM; j++) {
                    s += map[c][j] * x[i][j];
                }
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i] = best;
        }
    }

    private static NDArray array(NDManager m, float[][] x, int from, int to) {
        float[][] rows = Fixtures.rowsRange(x, from, to);
        return m.create(FeatureMatrix.of(rows).data(), new Shape(rows.length, DIM));
    }
}
