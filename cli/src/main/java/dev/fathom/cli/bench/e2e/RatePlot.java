package dev.fathom.cli.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The rate-vs-freshness plot: for each step, the rate that became readable (x) against
 * freshness p99 (y), one line per system, with the ClickHouse insert ceiling and each system's
 * highest sustained rate as vertical markers. Drawn headless with JFreeChart.
 */
final class RatePlot {

    static final int WIDTH = 1000;
    static final int HEIGHT = 600;

    private RatePlot() {}

    static void write(Path png, List<StepResult> fathom, List<StepResult> prometheus, double ceilingRate,
                      double fathomSustained, double prometheusSustained, String subtitle) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("Fathom (Kafka → Flink → ClickHouse)", fathom));
        data.addSeries(series("Prometheus 2.42 (remote write)", prometheus));
        NumberAxis x = new NumberAxis("points/s readable (per step)");
        x.setAutoRangeIncludesZero(true);
        x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
        NumberAxis y = new NumberAxis("freshness p99 (s): point time → queryable");
        y.setAutoRangeIncludesZero(true);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1f77b4));
        renderer.setSeriesPaint(1, new Color(0xd62728));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        marker(plot, ceilingRate, "ClickHouse insert ceiling", Color.DARK_GRAY, 0);
        marker(plot, fathomSustained, "Fathom sustained", new Color(0x1f77b4), 1);
        marker(plot, prometheusSustained, "Prometheus sustained", new Color(0xd62728), 2);
        JFreeChart chart = new JFreeChart("Ingest rate vs freshness", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYSeries series(String name, List<StepResult> steps) {
        XYSeries series = new XYSeries(name, true, true);
        for (StepResult s : steps) {
            if (s.storedRate() > 0 && s.freshnessSeconds().count() > 0) {
                series.add(s.storedRate(), s.freshnessSeconds().p99());
            }
        }
        return series;
    }

    private static void marker(XYPlot plot, double rate, String label, Color color, int row) {
        if (rate <= 0) {
            return;
        }
        ValueMarker marker = new ValueMarker(rate, color, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
        marker.setLabel(String.format("%s %,.0f/s", label, rate));
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        marker.setLabelPaint(color);
        marker.setLabelBackgroundColor(new Color(255, 255, 255, 200));
        // One row per marker so labels of close rates do not overlap.
        marker.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(4 + 16 * row, 4, 4, 4));
        marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_RIGHT);
        plot.addDomainMarker(marker);
    }
}
