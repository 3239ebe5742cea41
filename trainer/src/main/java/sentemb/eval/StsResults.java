package sentemb.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code results.json}.
 *
 * @param schema   {@value #SCHEMA}
 * @param label    the row label used in tables (e.g. the run or model name)
 * @param metadata caller-supplied description of model and representation (free-form JSON values)
 * @param tasks    task name → result, in evaluation order
 * @param summary  headline ×100 numbers and their average
 */
public record StsResults(String schema, String label, Map<String, Object> metadata,
                         Map<String, StsTaskResult> tasks, StsSummary summary) {

    public static final String SCHEMA = "sentemb.sts-results/1";

    public StsResults {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tasks = Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    /** Builds the document for an evaluation; the summary is computed from its results. */
    public static StsResults of(String label, Map<String, Object> metadata, Iterable<StsTaskResult> results) {
        Map<String, StsTaskResult> tasks = new LinkedHashMap<>();
        List<StsTaskResult> list = new ArrayList<>();
        for (StsTaskResult r : results) {
            tasks.put(r.task(), r);
            list.add(r);
        }
        return new StsResults(SCHEMA, label, metadata, tasks, StsSummary.of(list));
    }
}
