package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SentEval's three validation protocols against a PyTorch + scikit-learn re-run of them
 * (fixtures/transfer/protocols.json): same toy embeddings, initial weights, folds, seeds and
 * rounding, so dev / test accuracy, chosen L2 and predictions must be identical.
 * Toy sizes (200-400 rows, 16 dims) keep this at a few seconds.
 */
class ProtocolsTest {
    private static final JsonNode FIX = Fixtures.read("protocols.json");

    @Test
    void innerKFoldMatchesReference() {
        JsonNode c = FIX.get("innerKFold");
        JsonNode ref = c.get("result");
        float[][] x = Fixtures.matrix(c.get("x"));
        int[] y = Fixtures.ints(c.get("y"));
        {
            FitRunner runner = new FitRunner(Fixtures.config(c.get("config")), 16, 2, 1111,
                    Fixtures.init(c.get("init")), 2);
            ProtocolResult r = InnerKFoldProtocol.run("toy", FeatureMatrix.of(x), y, runner);
            assertEquals(ref.get("devAcc").asDouble(), r.devAccuracy());
            assertEquals(ref.get("testAcc").asDouble(), r.testAccuracy());
            assertEquals(doubles(ref.get("chosenL2")), r.selectedL2());
        }
    }

    @Test
    void kFoldMatchesReference() {
        checkKFold(FIX.get("kFold"), 3);
    }

    @Test
    void kFoldBinaryWithF1MatchesReference() {
        ProtocolResult r = checkKFold(FIX.get("kFoldBinary"), 2);
        JsonNode c = FIX.get("kFoldBinary");
        int[] y = Fixtures.ints(c.get("y"));
        int rows = c.get("trainRows").asInt();
        double f1 = BinaryF1.percent(r.testPredictions(), Fixtures.range(y, rows, y.length));
        assertEquals(c.get("result").get("testF1").asDouble(), f1);
    }

    @Test
    void splitMatchesReference() {
        JsonNode c = FIX.get("split");
        JsonNode ref = c.get("result");
        float[][] x = Fixtures.matrix(c.get("x"));
        int[] y = Fixtures.ints(c.get("y"));
        int tr = c.get("trainRows").asInt();
        int dv = tr + c.get("devRows").asInt();
        {
            FitRunner runner = new FitRunner(Fixtures.config(c.get("config")), 16, 2, 1111,
                    Fixtures.init(c.get("init")), 2);
            ProtocolResult r = SplitProtocol.run("toy",
                    FeatureMatrix.of(Fixtures.rowsRange(x, 0, tr)), Fixtures.range(y, 0, tr),
                    FeatureMatrix.of(Fixtures.rowsRange(x, tr, dv)), Fixtures.range(y, tr, dv),
                    FeatureMatrix.of(Fixtures.rowsRange(x, dv, x.length)), Fixtures.range(y, dv, y.length),
                    runner);
            assertEquals(ref.get("devAcc").asDouble(), r.devAccuracy());
            assertEquals(ref.get("testAcc").asDouble(), r.testAccuracy());
            assertEquals(doubles(ref.get("chosenL2")), r.selectedL2());
        }
    }

    @Test
    void randomEmbeddingWithRandomLabelsStaysNearChance() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(99);
        int n = 600;
        float[][] x = new float[n][16];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 16; j++) {
                x[i][j] = (float) rnd.nextGaussian();
            }
            y[i] = rnd.nextInt(2);
        }
        {
            FitRunner runner = new FitRunner(TransferMode.DEV.config(), 16, 2, 1111,
                    InitialWeights.torchLikeUniform(1111), 2);
            ProtocolResult r = KFoldProtocol.run("random", FeatureMatrix.of(Fixtures.rowsRange(x, 0, 300)),
                    Fixtures.range(y, 0, 300), FeatureMatrix.of(Fixtures.rowsRange(x, 300, n)),
                    Fixtures.range(y, 300, n), runner, 1111);
            // 300 test rows: chance is 50 % with a standard deviation of about 2.9 points
            assertTrue(r.testAccuracy() > 40 && r.testAccuracy() < 60, "test accuracy " + r.testAccuracy());
            assertTrue(r.devAccuracy() < 65, "dev accuracy " + r.devAccuracy());
        }
    }

    private static ProtocolResult checkKFold(JsonNode c, int numClasses) {
        JsonNode ref = c.get("result");
        float[][] x = Fixtures.matrix(c.get("x"));
        int[] y = Fixtures.ints(c.get("y"));
        int rows = c.get("trainRows").asInt();
        {
            FitRunner runner = new FitRunner(Fixtures.config(c.get("config")), 16, numClasses, 1111,
                    Fixtures.init(c.get("init")), 2);
            ProtocolResult r = KFoldProtocol.run("toy", FeatureMatrix.of(Fixtures.rowsRange(x, 0, rows)),
                    Fixtures.range(y, 0, rows), FeatureMatrix.of(Fixtures.rowsRange(x, rows, x.length)),
                    Fixtures.range(y, rows, y.length), runner, 1111);
            assertEquals(ref.get("devAcc").asDouble(), r.devAccuracy());
            assertEquals(ref.get("testAcc").asDouble(), r.testAccuracy());
            assertEquals(doubles(ref.get("chosenL2")), r.selectedL2());
            assertArrayEquals(Fixtures.ints(ref.get("predictions")), r.testPredictions());
            return r;
        }
    }

    private static List<Double> doubles(JsonNode values) {
        List<Double> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asDouble()));
        return out;
    }
}
