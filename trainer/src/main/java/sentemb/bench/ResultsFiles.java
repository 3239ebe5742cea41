package sentemb.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import sentemb.io.AtomicFiles;

/** Writes benchmark rows as CSV (RFC 4180), JSON (environment + rows) and a Markdown table. */
final class ResultsFiles {
    static final String FORMAT = "sentemb-bench-results/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFiles() {}

    static String csv(List<BenchRow> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", BenchRow.COLUMNS)).append('\n');
        for (BenchRow r : rows) {
            for (int i = 0; i < BenchRow.COLUMNS.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                Object v = r.get(BenchRow.COLUMNS.get(i));
                sb.append(v == null ? "" : csvCell(format(v)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return Double.toString(d);
        }
        return String.valueOf(v);
    }

    static String csvCell(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String json(Map<String, Object> environment, List<BenchRow> rows) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("engine", "java-djl");
        root.put("environment", environment);
        root.put("rows", rows.stream().map(BenchRow::values).toList());
        return JSON.writeValueAsString(root) + "\n";
    }

    static void write(Path csvFile, Path jsonFile, Map<String, Object> environment, List<BenchRow> rows) throws IOException {
        for (Path p : new Path[] {csvFile, jsonFile}) {
            Path parent = p.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        AtomicFiles.writeString(csvFile, csv(rows));
        AtomicFiles.writeString(jsonFile, json(environment, rows));
    }

    /** One Markdown table of the rows (the columns that carry values). */
    static String markdown(List<BenchRow> rows) {
        List<String> cols = List.of("section", "shape", "case", "variant", "batch", "median_s", "throughput", "unit",
                "gflops", "peak_fraction", "peak_rss_mb", "rss_mb", "heap_mb", "managed_arrays");
        StringBuilder sb = new StringBuilder("| ").append(String.join(" | ", cols)).append(" |\n|");
        sb.append("---|".repeat(cols.size())).append('\n');
        for (BenchRow r : rows) {
            sb.append('|');
            for (String c : cols) {
                Object v = r.get(c);
                sb.append(' ').append(v == null ? "" : cell(c, v)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String cell(String column, Object v) {
        if (!(v instanceof Double d)) {
            return String.valueOf(v);
        }
        if (column.equals("peak_fraction")) {
            return String.format(Locale.ROOT, "%.0f%%", 100 * d);
        }
        return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.3g", d);
    }
}
