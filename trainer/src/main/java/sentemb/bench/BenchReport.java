package sentemb.bench;

import java.util.List;
import java.util.Map;

/** What {@link Benchmark#run} measured: the environment it ran in and one row per case. */
public record BenchReport(Map<String, Object> environment, List<BenchRow> rows) {
    public BenchReport {
        environment = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(environment));
        rows = List.copyOf(rows);
    }

    /** The rows as a Markdown table. */
    public String markdown() {
        return ResultsFiles.markdown(rows);
    }
}
