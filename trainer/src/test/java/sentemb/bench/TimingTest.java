package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TimingTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Timing.ofWall(List.of(3.0, 1.0, 2.0)).median());
        assertEquals(2.5, Timing.ofWall(List.of(4.0, 1.0, 2.0, 3.0)).median());
        assertEquals(1.0, Timing.ofWall(List.of(4.0, 1.0, 2.0, 3.0)).min());
    }

    @Test
    void runsWarmupThenTimedRepeats() {
        AtomicInteger calls = new AtomicInteger();
        Timing t = Timing.measure(2, 3, calls::incrementAndGet);
        assertEquals(5, calls.get());
        assertEquals(3, t.repeats());
    }

    @Test
    void interleavesRepeatsAfterPerWorkWarmup() {
        StringBuilder order = new StringBuilder();
        List<Timing> t = Timing.interleaved(1, 2, List.of(() -> order.append('a'), () -> order.append('b')));
        assertEquals("ababab", order.toString());
        assertEquals(2, t.get(1).repeats());
        assertEquals(2, t.get(0).cpuSeconds().size());
    }

    @Test
    void rejectsNoRepeats() {
        assertThrows(IllegalArgumentException.class, () -> Timing.measure(0, 0, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> Timing.ofWall(List.of()));
    }
}
