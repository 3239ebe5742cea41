package sentemb.eval;

import sentemb.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an evaluation into a folder:
 * <pre>
 *   results.json                 {@link StsResults} (schema {@value StsResults#SCHEMA})
 *   predictions/&lt;task&gt;.tsv       {@link PredictionsTsv}, one per evaluated task
 *   sts-table.md                 {@link StsTable}: our row beside the published rows
 * </pre>
 * Every file is written atomically (temp file + rename).
 */
public final class StsReport {
    private static final Logger LOG = LoggerFactory.getLogger(StsReport.class);

    public static final String RESULTS_FILE = "results.json";
    public static final String TABLE_FILE = "sts-table.md";
    public static final String PREDICTIONS_DIR = "predictions";

    private StsReport() {}

    /**
     * @param outDir     folder to write into (created if needed)
     * @param label      row label for tables, e.g. the run name
     * @param metadata   model / representation description, stored as given in results.json
     * @param evaluation what {@link StsEvaluator#evaluate} returned
     * @return the results as written, with each task's predictions file filled in
     */
    public static StsResults write(Path outDir, String label, Map<String, Object> metadata, StsEvaluation evaluation)
            throws IOException {
        List<StsTaskResult> results = new ArrayList<>();
        for (StsTaskRun run : evaluation.runs()) {
            StsTaskResult r = run.result();
            if (r.isOk()) {
                String rel = PREDICTIONS_DIR + "/" + r.task() + ".tsv";
                PredictionsTsv.write(outDir.resolve(rel), run.predictions());
                r = r.withPredictionsFile(rel);
            }
            results.add(r);
        }
        StsResults doc = StsResults.of(label, metadata, results);
        StsResultsJson.write(outDir.resolve(RESULTS_FILE), doc);
        String table = StsTable.markdown(List.of(doc), PublishedRows.load());
        AtomicFiles.writeString(outDir.resolve(TABLE_FILE), table);
        LOG.debug("STS results written to {}", outDir);
        return doc;
    }
}
