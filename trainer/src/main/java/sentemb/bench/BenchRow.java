package sentemb.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured case: what was run ({@code section}, {@code shape}, {@code caseName},
 * {@code variant}) and its values keyed by the CSV column names of {@link #COLUMNS}.
 * The PyTorch script writes rows with the same keys, so rows match across engines on
 * (section, shape, case).
 */
public final class BenchRow {
    /** Every column a row may carry, in CSV order; absent values are empty cells. */
    public static final List<String> COLUMNS = List.of(
            "section", "shape", "case", "variant", "batch", "sequences", "tokens", "padded_tokens", "forwards", "repeats",
            "median_s", "min_s", "cpu_s", "throughput", "unit", "gflop", "gflops", "peak_fraction", "peak_rss_mb", "rss_mb",
            "heap_mb", "managed_arrays", "data_s", "forward_s", "loss_s", "backward_s", "optimizer_s", "ops", "op_s",
            "rounds", "speedup_vs_pytorch", "speedup_vs_pytorch_min", "speedup_vs_pytorch_max",
            "speedup_vs_hf", "speedup_vs_hf_min", "speedup_vs_hf_max", "speedup_vs_no_share", "gain", "gain_min",
            "gain_max", "note");

    private final Map<String, Object> values = new LinkedHashMap<>();

    public BenchRow(String section, String shape, String caseName, String variant) {
        values.put("section", section);
        values.put("shape", shape);
        values.put("case", caseName);
        values.put("variant", variant);
    }

    /** Sets a value; NaN and null leave the cell empty. */
    public BenchRow with(String column, Object value) {
        if (!COLUMNS.contains(column)) {
            throw new IllegalArgumentException("unknown benchmark column '" + column + "'; expected one of " + COLUMNS);
        }
        if (value == null || (value instanceof Double d && d.isNaN())) {
            values.remove(column);
        } else {
            values.put(column, value);
        }
        return this;
    }

    /** Median/min wall seconds, median process CPU seconds and repeats of a timing. */
    BenchRow withTiming(Timing t) {
        return with("median_s", t.median()).with("min_s", t.min()).with("cpu_s", t.cpuMedian())
                .with("repeats", t.repeats());
    }

    /** Work per repeat in FLOPs; sets GFLOP, GFLOP/s from the median and the fraction of {@code peakGflops}. */
    BenchRow withFlops(double flops, double medianSeconds, double peakGflops) {
        double gflops = flops / 1e9 / medianSeconds;
        return with("gflop", flops / 1e9).with("gflops", gflops)
                .with("peak_fraction", peakGflops > 0 ? gflops / peakGflops : Double.NaN);
    }

    public String section() {
        return (String) values.get("section");
    }

    public String shape() {
        return (String) values.get("shape");
    }

    public String caseName() {
        return (String) values.get("case");
    }

    public String variant() {
        return (String) values.get("variant");
    }

    public Object get(String column) {
        return values.get(column);
    }

    /** The value of a numeric column, NaN when absent. */
    public double number(String column) {
        Object v = values.get(column);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }
}
