package dev.fathom.dashboard.timeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.dashboard.chart.ChartOption;
import dev.fathom.dashboard.time.TimeRange;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One ECharts option with a band (grid) per timeline row, all on the same time axis with a linked pointer. */
final class TimelineChart {

    static final int BAND_PX = 110;
    static final int GAP_PX = 36;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TimelineChart() {}

    static int height(int rows) {
        return rows * (BAND_PX + GAP_PX) + 40;
    }

    static String option(List<TimelineRow> rows, TimeRange.Window window) {
        ObjectNode root = JSON.createObjectNode();
        root.put("animation", false);
        root.putObject("tooltip").put("trigger", "item");
        root.putObject("axisPointer").putArray("link").addObject().put("xAxisIndex", "all");
        ArrayNode grids = root.putArray("grid");
        ArrayNode xAxes = root.putArray("xAxis");
        ArrayNode yAxes = root.putArray("yAxis");
        ArrayNode titles = root.putArray("title");
        ArrayNode series = root.putArray("series");
        for (int i = 0; i < rows.size(); i++) {
            TimelineRow row = rows.get(i);
            int top = i * (BAND_PX + GAP_PX) + GAP_PX;
            grids.addObject().put("left", 72).put("right", 24).put("top", top).put("height", BAND_PX);
            titles.addObject().put("text", row.title() + (row.why().isEmpty() ? "" : ": " + row.why())).put("left", 8)
                    .put("top", top - 24).putObject("textStyle").put("fontSize", 13).put("fontWeight", "normal");
            ObjectNode x = xAxes.addObject().put("type", "time").put("gridIndex", i)
                    .put("min", window.from().toEpochMilli()).put("max", window.to().toEpochMilli());
            x.putObject("axisLabel").put("show", i == rows.size() - 1).put("hideOverlap", true);
            x.putObject("axisPointer").put("show", true).putObject("label").put("show", i == rows.size() - 1);
            ObjectNode y = ChartOption.valueAxis("", row.unit()).put("gridIndex", i).put("nameLocation", "middle").put("scale", false);
            if (row.markers()) {
                // Scores and alert states live in 0..1.
                y.put("min", 0).put("max", 1);
            }
            y.putObject("splitLine").put("show", true);
            yAxes.add(y);
            for (Map.Entry<String, TreeMap<Long, Double>> s : ChartOption.bySeries(row.points()).entrySet()) {
                ObjectNode one = series.addObject().put("name", s.getKey()).put("type", row.markers() ? "scatter" : "line")
                        .put("xAxisIndex", i).put("yAxisIndex", i).put("showSymbol", row.markers() || s.getValue().size() < 30).put("symbolSize", 8);
                ArrayNode data = one.putArray("data");
                s.getValue().forEach((t, v) -> data.addArray().add(t).add(ChartOption.round(v)));
            }
        }
        return root.toString();
    }
}
