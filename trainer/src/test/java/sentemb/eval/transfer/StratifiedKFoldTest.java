package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fold assignment against scikit-learn's StratifiedKFold (fixtures/transfer/folds.json, on the
 * real MR and TREC label vectors in SentEval's order and on toy labels), plus the stratification
 * and determinism properties on their own.
 */
class StratifiedKFoldTest {
    private static final JsonNode FIX = Fixtures.read("folds.json");

    @Test
    void testFoldsEqualScikitLearn() {
        for (JsonNode c : FIX) {
            int[] labels = Fixtures.digits(c.get("labels").asText());
            int[] expected = Fixtures.digits(c.get("testFolds").asText());
            int[] got = new StratifiedKFold(c.get("k").asInt(), c.get("seed").asLong()).testFolds(labels);
            assertArrayEquals(expected, got, c.get("name").asText());
        }
    }

    @Test
    void everyFoldHoldsEachClassWithinOneOfItsShare() {
        for (JsonNode c : FIX) {
            int[] labels = Fixtures.digits(c.get("labels").asText());
            int k = c.get("k").asInt();
            List<StratifiedKFold.Fold> folds = new StratifiedKFold(k, c.get("seed").asLong()).split(labels);
            assertEquals(k, folds.size());
            int total = 0;
            for (StratifiedKFold.Fold f : folds) {
                total += f.test().length;
                assertEquals(labels.length, f.test().length + f.train().length);
                for (int cls = 0; cls <= 9; cls++) {
                    int inClass = 0;
                    for (int y : labels) {
                        inClass += y == cls ? 1 : 0;
                    }
                    int inFold = 0;
                    for (int i : f.test()) {
                        inFold += labels[i] == cls ? 1 : 0;
                    }
                    double expected = (double) inClass / k;
                    assertTrue(Math.abs(inFold - expected) <= 1.0,
                            c.get("name").asText() + ": class " + cls + " has " + inFold + " in a fold, expected ~"
                                    + expected);
                }
            }
            assertEquals(labels.length, total, "folds partition the samples");
        }
    }

    @Test
    void sameSeedSameFoldsOtherSeedOtherFolds() {
        int[] labels = Fixtures.digits(FIX.get(0).get("labels").asText());
        assertArrayEquals(new StratifiedKFold(10, 1111).testFolds(labels),
                new StratifiedKFold(10, 1111).testFolds(labels));
        assertTrue(!java.util.Arrays.equals(new StratifiedKFold(10, 1111).testFolds(labels),
                new StratifiedKFold(10, 1112).testFolds(labels)));
    }

    @Test
    void rejectsMoreFoldsThanAnyClassHas() {
        assertThrows(IllegalArgumentException.class, () -> new StratifiedKFold(5, 0).testFolds(new int[] {0, 1, 0, 1}));
    }
}
