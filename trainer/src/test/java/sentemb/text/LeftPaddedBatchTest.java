package sentemb.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LeftPaddedBatchTest {

    @Test
    void padsOnTheLeftWithMask() {
        LeftPaddedBatch b = LeftPaddedBatch.of(List.of(new int[] {2, 10, 11}, new int[] {2, 20}, new int[] {2, 30, 31, 32, 33}), 1);
        assertEquals(3, b.batchSize());
        assertEquals(5, b.length());
        // Hand-written: each row right-aligned, pad id 1 in front, mask 0 there.
        assertArrayEquals(new int[][] {{1, 1, 2, 10, 11}, {1, 1, 1, 2, 20}, {2, 30, 31, 32, 33}}, b.ids());
        assertArrayEquals(new int[][] {{0, 0, 1, 1, 1}, {0, 0, 0, 1, 1}, {1, 1, 1, 1, 1}}, b.attentionMask());
    }

    @Test
    void tokenizerUsesItsPadId() {
        LeftPaddedBatch b = TextTestData.shippedTokenizer().padLeft(List.of(new int[] {2}, new int[] {2, 7}));
        assertArrayEquals(new int[][] {{1, 2}, {2, 7}}, b.ids());
    }

    @Test
    void rejectsEmptyBatchAndEmptyRows() {
        assertThrows(IllegalArgumentException.class, () -> LeftPaddedBatch.of(List.of(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeftPaddedBatch.of(List.of(new int[] {2}, new int[0]), 1));
        assertEquals(true, e.getMessage().contains("sequence 1"), e.getMessage());
    }
}
