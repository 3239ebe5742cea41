package sentemb.model.opt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sentemb.model.ModelWeights;
import sentemb.model.PaddedBatch;
import sentemb.model.Pooling;
import sentemb.model.PackedBatch;
import sentemb.model.lora.LoraConfig;
import sentemb.model.lora.LoraInjector;

/**
 * Invariances the OPT forward must satisfy whatever its weights: left padding does not change
 * real positions, the last-position shortcut and a packed batch (with its prefix shared or not)
 * give the plain path's outputs, and a fresh LoRA adapter (B = 0) changes nothing. Absolute correctness is
 * checked against the PyTorch reference in {@link OptModelReferenceTest}.
 */
class OptModelPropertiesTest {
    static final List<int[]> SEQS = List.of(
            new int[] {2, 10, 11, 12, 13, 14, 15, 16},
            new int[] {2, 20, 21, 22},
            new int[] {2, 30, 31, 32, 33, 34});

    static OptConfig tiny(boolean preLn, int proj) {
        return new OptConfig(64, 16, 2, 4, 32, 64, proj, preLn, true, true, false, 0.1f, 0f, 1, 2, 2);
    }

    static OptModel model(OptConfig c, long seed) {
        OptModel m = new OptModel(c, Device.cpu(), DataType.FLOAT32);
        ModelWeights.load(m, OptWeights.random(c, seed));
        return m;
    }

    static float[] row(NDArray a, int r) {
        return a.get(r).toFloatArray();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void leftPaddingDoesNotChangeRealPositions(boolean preLn) {
        try (OptModel m = model(tiny(preLn, preLn ? 16 : 8), 7); NDManager nd = NDManager.newBaseManager()) {
            PaddedBatch batch = PaddedBatch.leftPad(nd, SEQS, 1);
            NDArray all = m.hidden(batch.ids(), batch.mask(), false, false);
            int width = (int) all.getShape().get(1);
            for (int r = 0; r < SEQS.size(); r++) {
                int[] s = SEQS.get(r);
                PaddedBatch alone = PaddedBatch.leftPad(nd, List.of(s), 1);
                NDArray one = m.hidden(alone.ids(), alone.mask(), false, false);
                for (int t = 0; t < s.length; t++) {
                    float[] expected = one.get(0, t).toFloatArray();
                    float[] actual = all.get(r, width - s.length + t).toFloatArray();
                    assertArrayEquals(expected, actual, 1e-5f, "row " + r + " position " + t);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void lastOnlyMatchesFullForward(boolean preLn) {
        try (OptModel m = model(tiny(preLn, 16), 3); NDManager nd = NDManager.newBaseManager()) {
            PaddedBatch batch = PaddedBatch.leftPad(nd, SEQS, 1);
            NDArray full = m.hidden(batch.ids(), batch.mask(), false, false);
            NDArray last = m.embed(batch.ids(), batch.mask(), Pooling.LAST, false);
            for (int r = 0; r < SEQS.size(); r++) {
                assertArrayEquals(full.get(r, -1).toFloatArray(), row(last, r), 1e-5f);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"LAST", "MEAN"})
    void packedBatchWithSharedPrefixEqualsPlainPath(String pooling) {
        Pooling pool = Pooling.valueOf(pooling);
        int[] prefix = {2, 40, 41, 42};
        List<int[]> suffixes = List.of(new int[] {10, 11, 12}, new int[] {20}, new int[] {30, 31, 32, 33, 34});
        for (boolean preLn : new boolean[] {true, false}) {
            try (OptModel m = model(tiny(preLn, preLn ? 16 : 8), 11); NDManager nd = NDManager.newBaseManager()) {
                List<int[]> whole = suffixes.stream().map(s -> concat(prefix, s)).toList();
                PaddedBatch plain = PaddedBatch.leftPad(nd, whole, 1);
                NDArray expected = m.embed(plain.ids(), plain.mask(), pool, false);
                for (int shared : new int[] {0, prefix.length}) {
                    PackedBatch packed = PackedBatch.upload(nd, m.device(), whole, shared);
                    assertEquals(shared + 3 * prefix.length - shared * 3 + 9, packed.tokens());
                    NDArray actual = m.embedPacked(packed, pool, false);
                    assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f,
                            "preLn=" + preLn + ", shared " + shared);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void freshLoraAdapterLeavesOutputUnchanged(boolean preLn) {
        try (OptModel m = model(tiny(preLn, 16), 5); NDManager nd = NDManager.newBaseManager()) {
            PaddedBatch batch = PaddedBatch.leftPad(nd, SEQS, 1);
            float[] before = m.embed(batch.ids(), batch.mask(), Pooling.LAST, false).toFloatArray();
            var params = LoraInjector.inject(m, new LoraConfig(4, 16, 0.05f,
                    List.of("q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2")), 1);
            assertEquals(2 * 6 * 2, params.size());
            float[] after = m.embed(batch.ids(), batch.mask(), Pooling.LAST, false).toFloatArray();
            assertArrayEquals(before, after, 0f);
        }
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
