package io.smart402.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG plots of a scenario (XChart, headless): throughput over time, latency percentiles over time, throughput
 * of every run and baseline side by side, hit ratios when a cache was measured, and the failover timeline.
 */
public final class Charts {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 480;

    private Charts() {
    }

    /** Writes the scenario's plots into {@code dir}; returns their file names. */
    public static List<String> write(Results.Scenario s, Path dir) {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();
        List<Results.Run> all = new ArrayList<>(s.runs());
        all.addAll(s.baselines());

        XYChart tput = xy(s.name() + ": throughput over time", "seconds", "per second");
        for (Results.Run r : all) {
            if (r.timeline().size() >= 2) {
                series(tput, r.name() + " (" + r.unit() + ")", r.timeline().stream().map(Results.Point::t).toList(),
                        r.timeline().stream().map(Results.Point::throughput).toList());
            }
        }
        save(tput, dir, s.name() + "-throughput", files);

        XYChart lat = xy(s.name() + ": latency percentiles over time (1 s intervals, log scale)", "seconds", "ms");
        lat.getStyler().setYAxisLogarithmic(true);
        lat.getStyler().setYAxisMin(null);
        for (Results.Run r : s.runs()) {
            // Seconds without completions have no percentiles (and a log axis takes no zeros).
            List<Results.Point> points = r.timeline().stream().filter(pt -> pt.throughput() > 0 && pt.p50() > 0)
                    .toList();
            if (points.size() >= 2) {
                List<Double> t = points.stream().map(Results.Point::t).toList();
                series(lat, r.name() + " p50", t, points.stream().map(Results.Point::p50).toList());
                series(lat, r.name() + " p99", t, points.stream().map(Results.Point::p99).toList());
            }
        }
        save(lat, dir, s.name() + "-latency", files);

        if (!all.isEmpty()) {
            CategoryChart bars = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(s.name() + ": throughput of each run and baseline").yAxisTitle("per second").build();
            style(bars.getStyler());
            bars.getStyler().setLegendVisible(false);
            bars.getStyler().setXAxisLabelRotation(20);
            bars.getStyler().setLabelsVisible(true);
            bars.getStyler().setDecimalPattern("#,##0");
            bars.addSeries("throughput", all.stream().map(r -> r.name() + " (" + r.unit() + ")").toList(),
                    all.stream().map(Results.Run::throughput).toList());
            save(bars, dir, s.name() + "-summary", files);
        }

        List<Results.Run> cached = s.runs().stream().filter(r -> r.details().get("hit_ratio") instanceof Number).toList();
        if (!cached.isEmpty()) {
            CategoryChart hits = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                    .title(s.name() + ": cache hit ratio").yAxisTitle("hit ratio").build();
            style(hits.getStyler());
            hits.getStyler().setYAxisMax(1.0);
            hits.getStyler().setYAxisMin(0.0);
            hits.addSeries("hit ratio", cached.stream().map(Results.Run::name).toList(),
                    cached.stream().map(r -> ((Number) r.details().get("hit_ratio")).doubleValue()).toList());
            save(hits, dir, s.name() + "-hit-ratio", files);
        }

        pauses(s, dir, files);

        for (Results.Run r : s.runs()) {
            if (r.details().get("acked_per_second") instanceof List<?> acked
                    && r.details().get("failed_per_second") instanceof List<?> failed) {
                XYChart f = xy(s.name() + ": acknowledged and failed writes per second", "seconds", "per second");
                List<Double> t = new ArrayList<>();
                for (int i = 0; i < acked.size(); i++) {
                    t.add((double) i);
                }
                series(f, "acknowledged (201)", t, acked.stream().map(v -> ((Number) v).doubleValue()).toList());
                series(f, "failed", t, failed.stream().map(v -> ((Number) v).doubleValue()).toList());
                save(f, dir, s.name() + "-timeline", files);
            }
        }
        for (Results.Run r : s.runs()) {
            if (r.details().get("instances_per_second") instanceof List<?> instances
                    && r.details().get("offered_per_second") instanceof List<?> offered
                    && r.details().get("failed_per_second") instanceof List<?> failed) {
                files.addAll(scaling(s.name(), r, numbers(instances), numbers(offered), numbers(failed), dir));
            }
        }
        return files;
    }

    /**
     * The runs with a pausing backend (details {@code paused_at_s}, {@code pause_ms}: the gateway scenario), one p99
     * line per proxy and strategy over the run's seconds, each pause marked where it began, so a proxy that keeps
     * sending to the stopped backend shows as a spike after each mark.
     */
    private static void pauses(Results.Scenario s, Path dir, List<String> files) {
        List<Results.Run> paused = s.runs().stream().filter(r -> r.details().get("paused_at_s") instanceof List<?>)
                .toList();
        if (paused.isEmpty()) {
            return;
        }
        XYChart c = xy(s.name() + ": p99 per second with a backend paused (marks: where the runs' pauses began)",
                "seconds", "p99 ms");
        double top = 0;
        List<Double> marks = new ArrayList<>();
        for (Results.Run r : paused) {
            List<Results.Point> points = r.timeline().stream().filter(pt -> pt.throughput() > 0).toList();
            if (points.size() >= 2) {
                series(c, r.name(), points.stream().map(Results.Point::t).toList(),
                        points.stream().map(Results.Point::p99).toList());
                top = Math.max(top, points.stream().mapToDouble(Results.Point::p99).max().orElse(0));
            }
            for (Object at : (List<?>) r.details().get("paused_at_s")) {
                if (at instanceof Number n && !marks.contains(Math.floor(n.doubleValue() * 10) / 10)) {
                    marks.add(Math.floor(n.doubleValue() * 10) / 10);
                }
            }
        }
        if (!marks.isEmpty() && !c.getSeriesMap().isEmpty()) {
            double y = top * 1.05;
            XYSeries m = c.addSeries("a pause begins (" + paused.get(0).details().get("pause_ms") + " ms, any run)",
                    marks, marks.stream().map(x -> y).toList());
            m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            m.setMarker(SeriesMarkers.TRIANGLE_DOWN);
        }
        save(c, dir, s.name() + "-paused-latency", files);
    }

    /**
     * An autoscaling run's timeline: offered load and errors per second (left axis) with the serving instances
     * (right axis); and p99 per second (left, log) with the instances again.
     */
    private static List<String> scaling(String scenario, Results.Run r, List<Double> instances, List<Double> offered,
                                        List<Double> failed, Path dir) {
        List<String> files = new ArrayList<>();
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            t.add((double) i);
        }
        XYChart load = xy(scenario + " (" + r.name() + "): offered load, errors and instances", "seconds",
                "requests per second");
        series(load, "offered (sent per second)", t, offered);
        series(load, "failed per second", t, failed);
        instancesOnRightAxis(load, t, instances);
        save(load, dir, scenario + "-" + r.name() + "-load", files);

        List<Results.Point> points = r.timeline().stream().filter(pt -> pt.throughput() > 0 && pt.p99() > 0).toList();
        if (points.size() >= 2) {
            XYChart lat = xy(scenario + " (" + r.name() + "): p99 per second and instances", "seconds", "p99 ms");
            series(lat, "p99", points.stream().map(Results.Point::t).toList(),
                    points.stream().map(Results.Point::p99).toList());
            instancesOnRightAxis(lat, t, instances);
            save(lat, dir, scenario + "-" + r.name() + "-p99", files);
        }
        return files;
    }

    /** The serving instances as a second series on a right-hand axis (0..4: the scenario runs at most 3). */
    private static void instancesOnRightAxis(XYChart chart, List<Double> t, List<Double> instances) {
        XYSeries series = chart.addSeries("serving instances (right axis)", t, instances);
        series.setMarker(SeriesMarkers.NONE);
        series.setYAxisGroup(1);
        chart.setYAxisGroupTitle(1, "instances");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
        chart.getStyler().setYAxisMax(1, 4.0);
    }

    private static List<Double> numbers(List<?> values) {
        return values.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        style(c.getStyler());
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setYAxisMin(0.0);
        return c;
    }

    private static void series(XYChart c, String name, List<Double> x, List<Double> y) {
        XYSeries s = c.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.WHITE);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name,
                             List<String> files) {
        if (chart instanceof XYChart xy && xy.getSeriesMap().isEmpty()) {
            return;
        }
        try {
            BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
            files.add(name + ".png");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
