package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are Python 3 / numpy 1.24 outputs for the same inputs (checked by hand). */
class SentEvalNumbersTest {

    @Test
    void pythonAndNumpyRoundingDiffer() {
        // round(2.675, 2) == 2.67 ; np.round(2.675, 2) == 2.68
        assertEquals(2.67, SentEvalNumbers.pythonRound2(2.675));
        assertEquals(2.68, SentEvalNumbers.numpyRound2(2.675));
        // round(81.045, 2) == 81.05 ; round(np.float64(81.045), 2) == 81.04
        assertEquals(81.05, SentEvalNumbers.pythonRound2(81.045));
        assertEquals(81.04, SentEvalNumbers.numpyRound2(81.045));
        // round(0.125, 2) == 0.12 (exact tie, half-even)
        assertEquals(0.12, SentEvalNumbers.pythonRound2(0.125));
        assertEquals(77.78, SentEvalNumbers.pythonRound2(100 * (7.0 / 9)));
    }

    @Test
    void numpyMeanUsesPairwiseSummation() {
        // 10 values: numpy sums ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) then adds r8, r9.
        List<Double> v = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
        double expected = ((((0.1 + 0.2) + (0.3 + 0.4)) + ((0.5 + 0.6) + (0.7 + 0.8))) + 0.9 + 1.0) / 10;
        assertEquals(expected, SentEvalNumbers.numpyMean(v));
        assertEquals(2.0, SentEvalNumbers.numpyMean(List.of(1.0, 2.0, 3.0)));
    }

    @Test
    void argmaxTakesTheFirstMaximum() {
        assertEquals(1, SentEvalNumbers.argmax(List.of(70.0, 71.5, 71.5, 69.0)));
        assertEquals(0, SentEvalNumbers.argmax(List.of(50.0, 50.0)));
    }
}
