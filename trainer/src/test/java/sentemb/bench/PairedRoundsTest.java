package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Rounds run every participant once each, the order rotating, for the number of rounds asked. */
class PairedRoundsTest {
    @Test
    void everyRoundRunsEachOnceInRotatingOrder() {
        StringBuilder order = new StringBuilder();
        List<Timing> t = PairedRounds.run(List.of(() -> order.append('a'), () -> order.append('b'),
                () -> order.append('c')), null, 3, 0, 10);
        assertEquals("abc|bca|cab", order.substring(0, 3) + "|" + order.substring(3, 6) + "|" + order.substring(6));
        assertEquals(3, t.size());
        t.forEach(x -> assertEquals(3, x.repeats()));
    }

    @Test
    void moreRoundsUntilTheMinimumTimeAndNoMoreThanTheMaximum() {
        int[] runs = {0};
        List<Timing> t = PairedRounds.run(List.of(() -> runs[0]++), null, 1, 1e9, 7);
        assertEquals(7, runs[0], "stops at the maximum however long the minimum time");
        assertEquals(7, t.get(0).repeats());
    }
}
