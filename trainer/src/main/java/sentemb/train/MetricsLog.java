package sentemb.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-step metrics appended to {@code metrics.csv} or {@code metrics.jsonl} in the run folder.
 * On resume the file is cut back to the checkpoint's step so rows are never duplicated.
 */
public final class MetricsLog implements AutoCloseable {
    public static final List<String> COLUMNS = List.of("step", "epoch", "loss", "lr", "grad_norm",
            "tokens_per_s", "triplets_per_s", "elapsed_s", "stsb_dev_spearman");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final boolean jsonl;
    private final BufferedWriter out;

    public MetricsLog(Path runDir, String format, long resumeStep) throws IOException {
        this.jsonl = format.equals("jsonl");
        this.file = runDir.resolve(jsonl ? "metrics.jsonl" : "metrics.csv");
        List<String> keep = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Long step = stepOf(line);
                if (step == null ? !jsonl && keep.isEmpty() : step <= resumeStep) {
                    keep.add(line);
                }
            }
        }
        if (!jsonl && keep.isEmpty()) {
            keep.add(String.join(",", COLUMNS));
        }
        // rewritten atomically: a kill here must not lose the rows the checkpoint continues from
        sentemb.io.AtomicFiles.writeString(file, String.join("\n", keep) + "\n");
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    private Long stepOf(String line) {
        try {
            if (jsonl) {
                return JSON.readTree(line).get("step").asLong();
            }
            return Long.parseLong(line.substring(0, line.indexOf(',')));
        } catch (Exception e) {
            return null;
        }
    }

    /** Appends one row; {@code values} keys are a subset of {@link #COLUMNS}. */
    public void log(Map<String, ? extends Number> values) throws IOException {
        if (jsonl) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (String c : COLUMNS) {
                if (values.containsKey(c)) {
                    row.put(c, values.get(c));
                }
            }
            out.write(JSON.writeValueAsString(row));
        } else {
            List<String> cells = new ArrayList<>();
            for (String c : COLUMNS) {
                Number v = values.get(c);
                cells.add(v == null ? "" : v instanceof Double || v instanceof Float
                        ? String.format(Locale.ROOT, "%.6g", v.doubleValue()) : v.toString());
            }
            out.write(String.join(",", cells));
        }
        out.newLine();
        out.flush();
    }

    /** Reads back the rows (for the plot): column → values, NaN where a row has none. */
    public static Map<String, List<Double>> read(Path file) throws IOException {
        Map<String, List<Double>> cols = new LinkedHashMap<>();
        COLUMNS.forEach(c -> cols.put(c, new ArrayList<>()));
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean json = file.toString().endsWith(".jsonl");
        for (int i = json ? 0 : 1; i < lines.size(); i++) {
            if (json) {
                var node = JSON.readTree(lines.get(i));
                for (String c : COLUMNS) {
                    cols.get(c).add(node.has(c) ? node.get(c).asDouble() : Double.NaN);
                }
            } else {
                String[] cells = lines.get(i).split(",", -1);
                for (int j = 0; j < COLUMNS.size(); j++) {
                    String v = j < cells.length ? cells[j] : "";
                    cols.get(COLUMNS.get(j)).add(v.isEmpty() ? Double.NaN : Double.parseDouble(v));
                }
            }
        }
        return cols;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
