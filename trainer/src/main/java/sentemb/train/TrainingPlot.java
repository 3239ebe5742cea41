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

/** Draws the training curves (loss, learning rate, STS-B dev Spearman) to a PNG. */
public final class TrainingPlot {
    private TrainingPlot() {}

    public static Path write(Path metricsFile, Path png) throws IOException {
        Map<String, List<Double>> cols = MetricsLog.read(metricsFile);
        List<Double> steps = cols.get("step");
        XYChart loss = chart("training loss", "loss");
        add(loss, "loss", steps, cols.get("loss"), false);
        XYChart lr = chart("learning rate", "lr");
        add(lr, "lr", steps, cols.get("lr"), false);
        XYChart dev = chart("STS-B dev Spearman", "spearman");
        add(dev, "dev", steps, cols.get("stsb_dev_spearman"), true);
        List<XYChart> charts = List.of(loss, lr, dev);
        BitmapEncoder.saveBitmap(charts, 3, 1, png.toString().replaceAll("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    private static XYChart chart(String title, String y) {
        XYChart c = new XYChartBuilder().width(900).height(260).title(title).xAxisTitle("step").yAxisTitle(y).build();
        c.getStyler().setLegendVisible(false);
        return c;
    }

    private static void add(XYChart chart, String name, List<Double> xs, List<Double> ys, boolean markers) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            if (!ys.get(i).isNaN()) {
                x.add(xs.get(i));
                y.add(ys.get(i));
            }
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        var s = chart.addSeries(name, x, y);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
}
