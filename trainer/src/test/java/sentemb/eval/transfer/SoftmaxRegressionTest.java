package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One SentEval-style fit against PyTorch (fixtures/transfer/fit_trace.json from
 * scripts/transfer_reference.py): same data, initial weights, Adam with weight decay,
 * permutation stream and early-stopping rule, so the dev-accuracy trace, the epochs run, the
 * selected weights and the predictions must agree.
 */
class SoftmaxRegressionTest {

    @Test
    void fitWithDevSetMatchesPyTorch() {
        JsonNode f = Fixtures.read("fit_trace.json");
        JsonNode ref = f.get("devSplit");
        float[][] x = Fixtures.matrix(f.get("x"));
        int[] y = Fixtures.ints(f.get("y"));
        int rows = ref.get("trainRows").asInt();
        {
            FeatureMatrix train = FeatureMatrix.of(Fixtures.rowsRange(x, 0, rows));
            FeatureMatrix dev = FeatureMatrix.of(Fixtures.rowsRange(x, rows, x.length));
            FeatureMatrix all = FeatureMatrix.of(x);
            {
                SoftmaxRegression clf = new SoftmaxRegression(Fixtures.config(f.get("config")), 32, 3,
                    ref.get("l2").asDouble(), 1111, Fixtures.init(f.get("init")));
                SoftmaxRegression.FitReport r = clf.fit(train, Fixtures.range(y, 0, rows), dev,
                        Fixtures.range(y, rows, y.length));
                assertEquals(doubles(ref.get("trace")), r.devTrace());
                assertEquals(ref.get("nepoch").asInt(), r.epochs());
                assertEquals(ref.get("best").asDouble(), r.bestDevAccuracy());
                float[][] w = clf.bestWeight();
                float[][] wRef = Fixtures.matrix(ref.get("weight"));
                for (int c = 0; c < 3; c++) {
                    assertArrayEquals(wRef[c], w[c], 2e-5f, "weight row " + c);
                }
                assertArrayEquals(Fixtures.floats(ref.get("bias")), clf.bestBias(), 2e-5f);
                assertArrayEquals(Fixtures.ints(ref.get("predictions")), clf.predict(all));
            }
        }
    }

    @Test
    void fitWithValidationSplitMatchesPyTorch() {
        JsonNode f = Fixtures.read("fit_trace.json");
        JsonNode ref = f.get("validationSplit");
        float[][] x = Fixtures.matrix(f.get("x"));
        int[] y = Fixtures.ints(f.get("y"));
        {
            FeatureMatrix all = FeatureMatrix.of(x);
            {
                SoftmaxRegression clf = new SoftmaxRegression(Fixtures.config(f.get("config")), 32, 3,
                    ref.get("l2").asDouble(), 1111, Fixtures.init(f.get("init")));
                SoftmaxRegression.FitReport r = clf.fitWithValidationSplit(all, y);
                assertEquals(doubles(ref.get("trace")), r.devTrace());
                assertEquals(ref.get("nepoch").asInt(), r.epochs());
                assertArrayEquals(Fixtures.ints(ref.get("predictions")), clf.predict(all));
            }
        }
    }

    @Test
    void separableDataIsLearned() {
        // Two classes split by the sign of a fixed direction, margin 0.5: linearly separable.
        int n = 2000;
        int d = 16;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[][] x = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double proj = 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) rnd.nextGaussian();
                proj += x[i][j] * (j % 2 == 0 ? 1 : -1);
            }
            y[i] = proj > 0 ? 1 : 0;
            double shift = (y[i] == 1 ? 0.5 : -0.5) / Math.sqrt(d);
            for (int j = 0; j < d; j++) {
                x[i][j] += (float) (shift * (j % 2 == 0 ? 1 : -1));
            }
        }
        {
            FeatureMatrix train = FeatureMatrix.of(Fixtures.rowsRange(x, 0, 1600));
            FeatureMatrix test = FeatureMatrix.of(Fixtures.rowsRange(x, 1600, n));
            {
                SoftmaxRegression clf = new SoftmaxRegression(TransferMode.TEST.config(), d, 2, 1e-5, 1111,
                    InitialWeights.torchLikeUniform(1111));
                clf.fitWithValidationSplit(train, Fixtures.range(y, 0, 1600));
                double acc = clf.score(test, Fixtures.range(y, 1600, n));
                assertTrue(acc >= 0.95, "accuracy " + acc);
            }
        }
    }

    private static List<Double> doubles(JsonNode values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asDouble()));
        return out;
    }
}
