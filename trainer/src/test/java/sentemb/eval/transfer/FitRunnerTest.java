package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** Parallel fits give the results of sequential ones, in order, whatever the thread count. */
class FitRunnerTest {

    @Test
    void protocolResultsDoNotDependOnTheThreadCount() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 400;
        float[][] x = new float[n][8];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < 8; j++) {
                x[i][j] = (float) rnd.nextGaussian();
                s += x[i][j] * (j - 3.5);
            }
            y[i] = s + rnd.nextGaussian() * 3 > 0 ? 1 : 0;
        }
        ClassifierConfig cfg = TransferMode.DEV.config().with(3, 32, 2, 1);
        List<ProtocolResult> results = new ArrayList<>();
        for (int threads : new int[] {1, 2, 5}) {
            FitRunner runner = new FitRunner(cfg, 8, 2, 1111, InitialWeights.torchLikeUniform(1111), threads);
            results.add(InnerKFoldProtocol.run("toy", FeatureMatrix.of(x), y, runner));
            ProtocolResult k = KFoldProtocol.run("toy", FeatureMatrix.of(Fixtures.rowsRange(x, 0, 300)),
                    Fixtures.range(y, 0, 300), FeatureMatrix.of(Fixtures.rowsRange(x, 300, n)),
                    Fixtures.range(y, 300, n), runner, 1111);
            results.add(k);
        }
        for (int i = 2; i < results.size(); i++) {
            ProtocolResult a = results.get(i % 2);
            ProtocolResult b = results.get(i);
            assertEquals(a.devAccuracy(), b.devAccuracy());
            assertEquals(a.testAccuracy(), b.testAccuracy());
            assertEquals(a.selectedL2(), b.selectedL2());
            if (a.testPredictions() != null) {
                assertArrayEquals(a.testPredictions(), b.testPredictions());
            }
        }
    }

    @Test
    void resultsKeepTheJobOrderAndFailuresReachTheCaller() {
        FitRunner runner = new FitRunner(TransferMode.DEV.config(), 4, 2, 1, InitialWeights.torchLikeUniform(1), 3);
        List<Callable<Integer>> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int v = i;
            jobs.add(() -> {
                Thread.sleep((20 - v) % 4);
                return v * v;
            });
        }
        List<Integer> out = runner.all(jobs);
        for (int i = 0; i < 20; i++) {
            assertEquals(i * i, out.get(i));
        }
        jobs.set(7, () -> {
            throw new IllegalStateException("fit 7 failed");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> runner.all(jobs));
        assertEquals("fit 7 failed", e.getMessage());
    }
}
