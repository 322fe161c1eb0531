package dev.fathom.dashboard.fleet;

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

/** The ECharts option for GPU utilisation (percent) over time, one line per host. */
final class UtilizationChartOption {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UtilizationChartOption() {}

    /**
     * @param points utilisation 0..1 per host and step, as {@code FleetQueries.utilizationByHost} returns it
     */
    static String toJson(List<SeriesPoint> points, Instant from, Instant to, Duration step) {
        ObjectNode option = JSON.createObjectNode();
        option.put("animation", false);
        option.putObject("tooltip").put("trigger", "axis");
        option.putObject("legend").put("type", "scroll").put("top", 0);
        option.putObject("grid").put("left", 48).put("right", 16).put("top", 32).put("bottom", 32);
        option.putObject("xAxis").put("type", "time").put("min", from.toEpochMilli()).put("max", to.toEpochMilli());
        ObjectNode yAxis = option.putObject("yAxis");
        yAxis.put("type", "value").put("min", 0).put("max", 100).put("name", "%");
        yAxis.putObject("axisLabel").put("formatter", "{value} %");

        ArrayNode series = option.putArray("series");
        for (Map.Entry<String, TreeMap<Long, Double>> host : byHost(points).entrySet()) {
            ObjectNode line = series.addObject();
            line.put("name", host.getKey()).put("type", "line").put("showSymbol", false);
            ArrayNode data = line.putArray("data");
            long stepMillis = Math.max(1000, step.toMillis());
            Long previous = null;
            for (Map.Entry<Long, Double> point : host.getValue().entrySet()) {
                // A missing step is a gap in the line, not a straight line across the silence.
                if (previous != null && point.getKey() - previous > stepMillis) {
                    data.addArray().add(previous + stepMillis).add("-");
                }
                data.addArray().add(point.getKey()).add(Math.round(point.getValue() * 1000) / 10.0);
                previous = point.getKey();
            }
        }
        return option.toString();
    }

    private static Map<String, TreeMap<Long, Double>> byHost(List<SeriesPoint> points) {
        Map<String, TreeMap<Long, Double>> hosts = new LinkedHashMap<>();
        for (SeriesPoint p : points) {
            hosts.computeIfAbsent(p.series(), host -> new TreeMap<>()).put(p.time().toEpochMilli(), p.value());
        }
        return hosts;
    }
}
