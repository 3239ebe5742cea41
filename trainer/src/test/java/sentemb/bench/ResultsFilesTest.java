package sentemb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsFilesTest {
    @Test
    void csvQuotesOnlyWhatNeedsIt() {
        assertEquals("plain", ResultsFiles.csvCell("plain"));
        assertEquals("\"a, b\"", ResultsFiles.csvCell("a, b"));
        assertEquals("\"say \"\"hi\"\"\"", ResultsFiles.csvCell("say \"hi\""));
    }

    @Test
    void csvHasEveryColumnAndEmptyCellsForMissingValues() {
        BenchRow r = new BenchRow("embed", "tiny", "demo", "share").with("batch", 16).with("median_s", 0.5)
                .with("gflops", Double.NaN).with("note", "x, y");
        String[] lines = ResultsFiles.csv(List.of(r)).split("\n");
        assertEquals(String.join(",", BenchRow.COLUMNS), lines[0]);
        // 5 empty cells between batch and median_s, 29 between median_s and note
        assertEquals("embed,tiny,demo,share,16" + ",".repeat(6) + "0.5" + ",".repeat(30) + "\"x, y\"", lines[1]);
    }

    @Test
    void unknownColumnIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BenchRow("a", "b", "c", "d").with("speed", 1));
    }

    @Test
    void flopsGiveGflopsAndPeakFraction() {
        BenchRow r = new BenchRow("train", "tiny", "full", "share").withFlops(4e9, 2.0, 4.0);
        assertEquals(4.0, r.number("gflop"));
        assertEquals(2.0, r.number("gflops"));
        assertEquals(0.5, r.number("peak_fraction"));
    }
}
