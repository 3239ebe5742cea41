package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import sentemb.data.sts.StsTask;

class StsSummaryTest {

    static StsTaskResult ok(String task, double spearman) {
        return new StsTaskResult(task, StsStatus.OK, "test", 10, spearman, spearman, null, null, List.of(), List.of(), null);
    }

    @Test
    void averageOfRoundedScoresOverPresentTasks() {
        // x100: 50, 25, 12.5, 0.125 -> "50.00" "25.00" "12.50" "0.12" (0.125 is exact: half-even -> 0.12)
        // mean = 87.62 / 4 = 21.905; its binary value is 21.905000000000001136... (checked with
        // Python's Decimal), so Python's "%.2f" gives "21.91"
        List<StsTaskResult> rs = List.of(ok("STS12", 0.5), ok("STS13", 0.25), ok("STS14", 0.125), ok("STS15", 0.00125),
                StsTaskResult.missing("STS16", "test", List.of("a")));
        StsSummary s = StsSummary.of(rs);
        assertEquals(Map.of("STS12", 50.0, "STS13", 25.0, "STS14", 12.5, "STS15", 0.12), s.scores());
        assertEquals(4, s.tasksInAverage());
        assertEquals(List.of("STS16"), s.missingTasks());
        assertFalse(s.complete());
        assertEquals(21.91, s.average());
    }

    @Test
    void completeWhenAllSevenPresent() {
        List<StsTaskResult> rs = new ArrayList<>();
        for (StsTask t : StsTask.values()) {
            rs.add(ok(t.taskName(), 0.8));
        }
        StsSummary s = StsSummary.of(rs);
        assertTrue(s.complete());
        assertEquals(80.0, s.average());
    }
}
