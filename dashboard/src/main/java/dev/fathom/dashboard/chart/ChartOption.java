package dev.fathom.dashboard.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * Builds ECharts options (https://echarts.apache.org/en/option.html) the way every Fathom chart
 * looks: a UTC time axis over exactly the picked range, value axes named with their unit, gaps
 * where data is missing, no animation (refreshes must not wobble).
 */
public final class ChartOption {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JSON.createObjectNode();

    private ChartOption() {
        root.put("animation", false);
        root.putObject("tooltip").put("trigger", "axis");
        root.putObject("legend").put("type", "scroll").put("top", 0);
        // containLabel: the grid makes room for long axis labels ("1,200,000 B/s") instead of clipping them.
        root.putObject("grid").put("left", 16).put("right", 24).put("top", 36).put("bottom", 8).put("containLabel", true);
        root.putArray("series");
    }

    /** A chart over time from {@code from} to {@code to} with one value axis. */
    public static ChartOption overTime(Instant from, Instant to, String axisName, String unit) {
        ChartOption option = new ChartOption();
        option.root.putObject("xAxis").put("type", "time").put("min", from.toEpochMilli()).put("max", to.toEpochMilli())
                .putObject("axisLabel").put("hideOverlap", true);
        option.root.putArray("yAxis").add(valueAxis(axisName, unit));
        return option;
    }

    /** A value axis whose name and labels carry the unit: "Power (W)", "350 W". */
    public static ObjectNode valueAxis(String axisName, String unit) {
        ObjectNode axis = JSON.createObjectNode();
        axis.put("type", "value").put("name", unit.isEmpty() ? axisName : axisName + " (" + unit + ")")
                .put("nameLocation", "end").put("scale", true);
        // Left-aligned from the axis, so a long name is not cut at the chart's edge.
        axis.putObject("nameTextStyle").put("align", "left");
        axis.putObject("axisLabel").put("formatter", unit.isEmpty() ? "{value}" : "{value} " + unit);
        return axis;
    }

    public ObjectNode root() {
        return root;
    }

    public ArrayNode series() {
        return (ArrayNode) root.get("series");
    }

    /** Fixes the first value axis to a range, e.g. 0..100 for percentages. */
    public ChartOption yRange(double min, double max) {
        ((ObjectNode) root.get("yAxis").get(0)).put("min", min).put("max", max).put("scale", false);
        return this;
    }

    /**
     * One line per series name, values scaled by {@code scale} (e.g. ×100 for a share as %),
     * broken where a step is missing.
     */
    public ChartOption lines(List<SeriesPoint> points, Duration step, DoubleUnaryOperator scale) {
        for (Map.Entry<String, TreeMap<Long, Double>> entry : bySeries(points).entrySet()) {
            line(entry.getKey(), entry.getValue(), step, scale);
        }
        return this;
    }

    public ObjectNode line(String name, TreeMap<Long, Double> values, Duration step, DoubleUnaryOperator scale) {
        ObjectNode line = series().addObject();
        // Sparse series get dots: a line of one point would draw nothing.
        line.put("name", name).put("type", "line").put("showSymbol", values.size() < 30).put("connectNulls", false);
        ArrayNode data = line.putArray("data");
        // A gap is a silence longer than twice the usual spacing, which may be wider than the
        // chart's step when a source samples less often than the step.
        long stepMillis = Math.max(Math.max(1000, step.toMillis()), typicalSpacing(values));
        Long previous = null;
        for (Map.Entry<Long, Double> point : values.entrySet()) {
            if (previous != null && point.getKey() - previous > 2 * stepMillis) {
                data.addArray().add(previous + stepMillis).add("-");
            }
            data.addArray().add(point.getKey()).add(round(scale.applyAsDouble(point.getValue())));
            previous = point.getKey();
        }
        return line;
    }

    /** The median distance between neighbouring points, 0 for fewer than two. */
    static long typicalSpacing(TreeMap<Long, Double> values) {
        List<Long> gaps = new java.util.ArrayList<>();
        Long previous = null;
        for (Long t : values.keySet()) {
            if (previous != null) {
                gaps.add(t - previous);
            }
            previous = t;
        }
        if (gaps.isEmpty()) {
            return 0;
        }
        java.util.Collections.sort(gaps);
        return gaps.get(gaps.size() / 2);
    }

    public static Map<String, TreeMap<Long, Double>> bySeries(List<SeriesPoint> points) {
        Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
        for (SeriesPoint p : points) {
            series.computeIfAbsent(p.series(), name -> new TreeMap<>()).put(p.time().toEpochMilli(), p.value());
        }
        return series;
    }

    /** Three significant decimals are plenty on a chart and keep the JSON small. */
    public static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return Math.round(value * 1000) / 1000.0;
    }

    public String json() {
        return root.toString();
    }
}
