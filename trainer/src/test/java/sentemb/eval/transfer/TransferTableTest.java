package sentemb.eval.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published-rows resource and the Markdown table, on hand-made reports. */
class TransferTableTest {

    @Test
    void publishedRowsAreCompleteAndTheirAveragesAgree() {
        List<PublishedTransferRow> rows = PublishedTransferRows.load();
        assertEquals(2, rows.size());
        for (PublishedTransferRow r : rows) {
            assertEquals(7, r.scores().size(), r.model());
            double sum = 0;
            for (TransferTask t : TransferTask.values()) {
                sum += r.scores().get(t.name());
            }
            // the source's average must be the mean of its seven cells
            assertEquals(r.average(), SentEvalNumbers.pythonRound2(sum / 7), r.model());
            assertTrue(r.source().contains("arXiv 2104.08821"), r.source());
        }
        assertEquals(88.12, rows.get(0).scores().get("MR"));
        assertEquals(76.64, rows.get(0).scores().get("MRPC"));
    }

    @Test
    void partialReportLeavesCellsEmptyAndSaysWhy() {
        TransferTaskResult mr = new TransferTaskResult("MR", TransferTaskResult.Status.OK, null, "inner-kfold", 80.0,
                79.456, null, Map.of("all", 10), List.of(1e-5), 1.0, 2.0);
        TransferTaskResult mrpc = new TransferTaskResult("MRPC", TransferTaskResult.Status.OK, null,
                "kfold-train-test", 70.0, 71.5, 80.25, Map.of("train", 4, "test", 2), List.of(1e-4), 1.0, 2.0);
        TransferTaskResult cr = TransferTaskResult.missing(TransferTask.CR, List.of("CR/custrev.neg"));
        TransferReport report = new TransferReport("dev", 1111, TransferMode.DEV.config(), 8, List.of(mr, cr, mrpc),
                TransferReport.averageOfAllSeven(List.of(mr, cr, mrpc)));
        String table = TransferTable.markdown(report, "ours", List.of());
        assertTrue(table.contains("| ours (dev mode, seed 1111) | 79.46 |  |  |  |  |  | 71.50 |  |"), table);
        assertTrue(table.contains("MRPC F1 (ours): 80.25"), table);
        assertTrue(table.contains("CR: missing (CR/custrev.neg)"), table);
        assertTrue(table.contains("Avg. (ours) is given only when all seven tasks ran."), table);
    }
}
