package sentemb.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the training curves to a PNG: loss and learning rate against the step (a numeric
 * axis with whole-number ticks), and the dev score when the run evaluated on dev, titled with
 * the tasks it evaluated. A curve with no points is left out, never drawn as a made-up point.
 */
public final class TrainingPlot {
    private TrainingPlot() {}

    /** @param devTasks the tasks behind the {@code stsb_dev_spearman} column ({@code eval.tasks}) */
    public static Path write(Path metricsFile, Path png, List<String> devTasks) throws IOException {
        List<XYChart> charts = charts(MetricsLog.read(metricsFile), devTasks);
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    /** The charts of the metrics columns: loss, lr, and the dev score if any row has one. */
    static List<XYChart> charts(Map<String, List<Double>> cols, List<String> devTasks) {
        List<Double> steps = cols.get("step");
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart("training loss", "loss", "loss", steps, cols.get("loss"), false));
        charts.add(chart("learning rate", "lr", "lr", steps, cols.get("lr"), false));
        if (cols.get("stsb_dev_spearman").stream().anyMatch(v -> !v.isNaN())) {
            String title = devTasks.size() == 1 ? devTasks.get(0) + " dev Spearman"
                    : "mean dev Spearman of " + String.join(", ", devTasks);
            charts.add(chart(title, "spearman", "dev", steps, cols.get("stsb_dev_spearman"), true));
        }
        return charts;
    }

    private static XYChart chart(String title, String y, String series, List<Double> xs, List<Double> ys, boolean markers) {
        XYChart c = new XYChartBuilder().width(900).height(260).title(title).xAxisTitle("step").yAxisTitle(y).build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setXAxisDecimalPattern("#,##0");
        c.getStyler().setXAxisTickMarkSpacingHint(90);
        List<Double> x = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            if (!ys.get(i).isNaN()) {
                x.add(xs.get(i));
                v.add(ys.get(i));
            }
        }
        if (!x.isEmpty()) {
            c.addSeries(series, x, v).setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return c;
    }
}
