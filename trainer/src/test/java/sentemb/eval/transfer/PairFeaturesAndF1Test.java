package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** MRPC feature construction and F1, against values worked out by hand. */
class PairFeaturesAndF1Test {

    @Test
    void featuresAreAbsDifferenceThenProduct() {
        float[] u = {1f, -2f, 0.5f, 3f, 0f, -1f};
        float[] v = {4f, 1f, 0.5f, -3f, 2f, -1f};
        float[] f = PairFeatures.build(u, v, 2, 3);
        // row 0: |1-4|, |-2-1|, |0.5-0.5| ; 1*4, -2*1, 0.5*0.5
        // row 1: |3+3|, |0-2|, |-1+1|      ; 3*-3, 0*2, -1*-1
        assertArrayEquals(new float[] {3f, 3f, 0f, 4f, -2f, 0.25f, 6f, 2f, 0f, -9f, 0f, 1f}, f);
    }

    @Test
    void f1OfThePositiveClass() {
        // truth 1 1 1 0 0 ; predicted 1 0 1 1 0 : TP 2, FP 1, FN 1 -> 2*2 / (4 + 1 + 1) = 0.6667
        assertEquals(66.67, BinaryF1.percent(new int[] {1, 0, 1, 1, 0}, new int[] {1, 1, 1, 0, 0}));
        assertEquals(0.0, BinaryF1.percent(new int[] {0, 0}, new int[] {0, 0}));
        assertEquals(100.0, BinaryF1.percent(new int[] {1, 0}, new int[] {1, 0}));
    }
}
