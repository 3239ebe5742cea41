package sentemb.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import sentemb.data.sts.StsTask;

class PublishedRowsTest {

    @Test
    void rowsLoadWithSources() {
        List<PublishedRow> rows = PublishedRows.load();
        assertEquals(9, rows.size());
        rows.forEach(r -> assertFalse(r.source().isBlank(), r.model()));
        assertEquals("PromptEOL+CSE OPT-13b", rows.get(6).model());
        assertEquals(82.06, rows.get(6).scores().get("SICKRelatedness"));
    }

    @Test
    void publishedAveragesAgreeWithTheirRows() {
        // a transcription check: each complete row's avg is its seven scores' mean to 2 decimals
        for (PublishedRow r : PublishedRows.load()) {
            if (r.avgApproximate()) {
                continue;
            }
            double sum = 0;
            for (StsTask t : StsTask.values()) {
                sum += r.scores().get(t.taskName());
            }
            assertEquals(r.avg(), sum / 7, 0.005 + 1e-9, r.model());
        }
    }

    @Test
    void st5UnknownCellsStayUnknown() {
        PublishedRow st5 = PublishedRows.load().get(8);
        assertTrue(st5.model().startsWith("ST5"));
        assertEquals(80.10, st5.scores().get("STS12"));
        for (StsTask t : StsTask.values()) {
            if (t != StsTask.STS12) {
                assertNull(st5.scores().get(t.taskName()), t.taskName());
            }
        }
        assertTrue(st5.avgApproximate());
    }
}
