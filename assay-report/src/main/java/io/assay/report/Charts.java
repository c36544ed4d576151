package io.assay.report;

import io.assay.leakage.LeakageResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** The report's charts, drawn with XChart from the result's visualisation data, as PNG images. */
final class Charts {

    static final int WIDTH = 900;
    static final int HEIGHT = 450;

    /** One chart: a file-name stem, a caption, the PNG bytes. */
    record Png(String name, String caption, byte[] bytes) {}

    private Charts() {}

    /** The charts there is data for: none when there are no findings. */
    static List<Png> of(LeakageResult r) {
        var viz = r.visualizationData();
        var out = new ArrayList<Png>();
        if (viz == null || viz.anomalyByType().isEmpty()) {
            return out;
        }
        var types = new ArrayList<String>();
        var money = new ArrayList<Double>();
        var counts = new ArrayList<Long>();
        for (var t : viz.anomalyByType()) {
            types.add(t.label());
            money.add(t.revenueImpact());
            counts.add(t.count());
        }
        String cur = r.metrics().revenueImpact().currency();
        out.add(png(
                "money_by_type",
                "Revenue at risk per leak type (" + cur + ")",
                bar("Revenue at risk per leak type", "", cur, types, money)));
        out.add(png(
                "findings_by_type",
                "Findings per leak type",
                bar("Findings per leak type", "", "findings", types, counts)));
        var severities = new ArrayList<String>();
        var severityCounts = new ArrayList<Long>();
        for (var s : viz.severityDistribution()) {
            severities.add(s.severity());
            severityCounts.add(s.count());
        }
        out.add(png(
                "severity",
                "Findings per severity",
                bar("Findings per severity", "", "findings", severities, severityCounts)));
        var bins = new ArrayList<String>();
        var binCounts = new ArrayList<Long>();
        for (var b : viz.confidenceDistribution()) {
            bins.add(b.range());
            binCounts.add(b.count());
        }
        out.add(png(
                "confidence",
                "Findings per confidence band",
                bar("Findings per confidence band", "confidence", "findings", bins, binCounts)));
        if (viz.dailyTrend() != null && viz.dailyTrend().size() > 1) {
            out.add(png("daily_trend", "Anomalous rows per day", trend(viz.dailyTrend())));
        }
        return out;
    }

    private static CategoryChart bar(
            String title, String xTitle, String yTitle, List<String> x, List<? extends Number> y) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(x.size() > 4 ? 30 : 0);
        chart.addSeries(yTitle == null || yTitle.isEmpty() ? "value" : yTitle, x, y);
        return chart;
    }

    private static XYChart trend(List<LeakageResult.DailyPoint> days) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title("Anomalous rows per day")
                .xAxisTitle("date")
                .yAxisTitle("rows")
                .build();
        var x = new ArrayList<Date>();
        var anomalies = new ArrayList<Long>();
        for (var d : days) {
            x.add(Date.from(LocalDate.parse(d.date()).atStartOfDay().toInstant(ZoneOffset.UTC)));
            anomalies.add(d.anomalies());
        }
        chart.getStyler().setDatePattern("yyyy-MM-dd");
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("anomalous rows", x, anomalies);
        return chart;
    }

    private static Png png(String name, String caption, Chart<?, ?> chart) {
        try {
            var png = new ByteArrayOutputStream();
            ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png);
            return new Png(name, caption, png.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
