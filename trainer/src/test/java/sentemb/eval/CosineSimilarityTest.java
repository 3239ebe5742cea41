package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CosineSimilarityTest {

    @Test
    void handValues() {
        // (1,0)·(1,1) = 1, |u| = 1, |v| = sqrt 2
        assertEquals(1 / Math.sqrt(2), CosineSimilarity.cosine(new float[] {1, 0}, new float[] {1, 1}), 1e-15);
        // (3,4)·(-4,3) = 0
        assertEquals(0.0, CosineSimilarity.cosine(new float[] {3, 4}, new float[] {-4, 3}), 0);
        // (1,2,2)·(2,1,2)= 8, norms 3 and 3
        assertEquals(8.0 / 9, CosineSimilarity.cosine(new float[] {1, 2, 2}, new float[] {2, 1, 2}), 1e-15);
    }

    @Test
    void nanToNumLikeSentEval() {
        // zero vector: 0/0 -> 0
        assertEquals(0.0, CosineSimilarity.cosine(new float[] {0, 0}, new float[] {1, 2}), 0);
        // a NaN component counts as 0: (0,1)·(0,1) -> 1
        assertEquals(1.0, CosineSimilarity.cosine(new float[] {Float.NaN, 1}, new float[] {0, 1}), 1e-15);
        // +inf becomes Float.MAX_VALUE, so (inf, 1) points along the first axis
        assertEquals(1.0, CosineSimilarity.cosine(new float[] {Float.POSITIVE_INFINITY, 1}, new float[] {1, 0}), 1e-12);
    }

    @Test
    void widthMismatchIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> CosineSimilarity.cosine(new float[2], new float[3]));
    }
}
