package sentemb.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** training.png: numeric step axis, dev chart titled by its tasks, and no invented points. */
class TrainingPlotTest {
    @TempDir
    Path tmp;

    /** 200 steps of metrics.csv as MetricsLog writes it; a dev score every 50 steps when {@code evalEvery > 0}. */
    private Path metrics(int evalEvery) throws Exception {
        try (MetricsLog log = new MetricsLog(tmp, "csv", 0)) {
            for (int step = 1; step <= 200; step++) {
                Map<String, Number> row = new java.util.LinkedHashMap<>();
                row.put("step", step);
                row.put("loss", 5.0 - step / 100.0);
                row.put("lr", 1e-3);
                if (evalEvery > 0 && step % evalEvery == 0) {
                    row.put("stsb_dev_spearman", step / 400.0);
                }
                log.log(row);
            }
            return log.file();
        }
    }

    @Test
    void withoutDevEvaluationThereIsNoDevChartAndNoFakePoint() throws Exception {
        Path csv = metrics(0);
        List<XYChart> charts = TrainingPlot.charts(MetricsLog.read(csv), List.of("STSBenchmark"));
        assertEquals(List.of("training loss", "learning rate"), charts.stream().map(XYChart::getTitle).toList());
        XYSeries loss = charts.get(0).getSeriesMap().get("loss");
        assertEquals(200, loss.getXData().length);
        assertEquals(1.0, loss.getXData()[0]);
        Path png = TrainingPlot.write(csv, tmp.resolve("training.png"), List.of("STSBenchmark"));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(2 * 260, img.getHeight(), "two charts");
    }

    @Test
    void devChartIsTitledByTheTasksEvaluated() throws Exception {
        Path csv = metrics(50);
        List<XYChart> one = TrainingPlot.charts(MetricsLog.read(csv), List.of("SICKRelatedness"));
        assertEquals("SICKRelatedness dev Spearman", one.get(2).getTitle());
        XYSeries dev = one.get(2).getSeriesMap().get("dev");
        List<Double> xs = new ArrayList<>();
        for (double x : dev.getXData()) {
            xs.add(x);
        }
        assertEquals(List.of(50.0, 100.0, 150.0, 200.0), xs, "only the evaluated steps, no (0,0)");
        assertEquals("mean dev Spearman of STSBenchmark, SICKRelatedness",
                TrainingPlot.charts(MetricsLog.read(csv), List.of("STSBenchmark", "SICKRelatedness")).get(2).getTitle());
        // a numeric step axis with whole-number labels
        assertEquals("#,##0", one.get(0).getStyler().getXAxisDecimalPattern());
        assertTrue(Files.size(TrainingPlot.write(csv, tmp.resolve("t.png"), List.of("SICKRelatedness"))) > 0);
        assertEquals(3 * 260, ImageIO.read(tmp.resolve("t.png").toFile()).getHeight());
    }
}
