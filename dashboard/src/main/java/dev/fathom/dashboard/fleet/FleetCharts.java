package dev.fathom.dashboard.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.dashboard.chart.ChartOption;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The fleet view's ECharts options. */
final class FleetCharts {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final double GIB = 1024.0 * 1024 * 1024;

    private FleetCharts() {}

    /** Utilisation (%) per host (rows, one page of hosts) and step (columns); an empty cell is a step with no report. */
    static String heatmap(HostUtilization page, TimeRange.Window window) {
        Map<String, TreeMap<Long, Double>> byHost = ChartOption.bySeries(page.points());
        // Every step of the range is a column, so the axis is proportional and silence shows as a gap.
        long step = HostUtilization.step(window).toMillis();
        List<String> hosts = page.hosts();
        HeatmapFrame frame = HeatmapFrame.of(window, step, "Host");
        Map<Long, Integer> columnOf = frame.columnOf();
        ChartOption option = frame.option();
        ObjectNode root = option.root();
        ArrayNode y = frame.rows();
        hosts.forEach(y::add);
        ObjectNode visualMap = root.putObject("visualMap").put("min", 0).put("max", 100).put("calculable", true)
                .put("orient", "vertical").put("right", 0).put("top", "middle").put("itemHeight", 120);
        visualMap.putObject("inRange").putArray("color").add("#f7fbff").add("#6baed6").add("#08306b");
        visualMap.putArray("text").add("100 %").add("0 %");
        // progressive 0: draw all cells in one frame. ECharts otherwise draws series of over 3,000
        // items 400 per frame, which took 1.9 s for 40 hosts x 241 steps on a loaded machine.
        ObjectNode series = option.series().addObject().put("name", "Utilisation %").put("type", "heatmap").put("progressive", 0);
        ArrayNode data = series.putArray("data");
        for (int row = 0; row < hosts.size(); row++) {
            for (Map.Entry<Long, Double> cell : byHost.getOrDefault(hosts.get(row), new TreeMap<>()).entrySet()) {
                Integer column = columnOf.get(cell.getKey());
                if (column != null) {
                    data.addArray().add(column).add(row).add(Math.round(cell.getValue() * 1000) / 10.0);
                }
            }
        }
        return option.json();
    }

    /**
     * The whole fleet at a glance, whatever its size: per step (columns), how many GPUs' worth of
     * time ran in each 10 % utilisation band (rows, 0-10 % at the bottom). 10 rows × at most 241
     * columns, from storage's band rollups.
     */
    static String bands(List<FleetQueries.UtilizationBand> bands, TimeRange.Window window) {
        long step = window.step().toMillis();
        HeatmapFrame frame = HeatmapFrame.of(window, step, "Utilisation");
        Map<Long, Integer> columnOf = frame.columnOf();
        ChartOption option = frame.option();
        ObjectNode root = option.root();
        ArrayNode y = frame.rows();
        for (int band = 0; band < 10; band++) {
            y.add(band * 10 + "–" + (band + 1) * 10 + " %");
        }
        double most = 0;
        ObjectNode series = option.series().addObject().put("name", "GPUs").put("type", "heatmap").put("progressive", 0);
        ArrayNode data = series.putArray("data");
        for (FleetQueries.UtilizationBand band : bands) {
            // Storage's buckets start at multiples of its own step, which may be finer than the chart's.
            long t = band.time().toEpochMilli() / step * step;
            Integer column = columnOf.get(t);
            if (column != null && band.gpus() > 0) {
                double gpus = Math.round(band.gpus() * 10) / 10.0;
                data.addArray().add(column).add(band.band()).add(gpus);
                most = Math.max(most, gpus);
            }
        }
        ObjectNode visualMap = root.putObject("visualMap").put("min", 0).put("max", Math.max(1, Math.ceil(most))).put("calculable", true)
                .put("orient", "vertical").put("right", 0).put("top", "middle").put("itemHeight", 120);
        visualMap.putObject("inRange").putArray("color").add("#f7fbff").add("#fdae61").add("#a50026");
        visualMap.putArray("text").add("GPUs").add("0");
        return option.json();
    }

    /** Fleet power (kW) and hottest/mean temperature (°C), with XID (red) and throttling (orange) markers. */
    static String totals(List<SeriesPoint> totals, List<GpuEvent> markers, TimeRange.Window window) {
        ChartOption option = ChartOption.overTime(window.from(), window.to(), "Power", "kW");
        ((ArrayNode) option.root().get("yAxis")).add(ChartOption.valueAxis("Temperature", "°C"));
        option.root().with("grid").put("right", 64);
        option.lines(of(totals, "power"), window.step(), w -> w / 1000).series().forEach(s -> ((ObjectNode) s).put("name", "Power kW"));
        int before = option.series().size();
        option.lines(of(totals, "temperature"), window.step(), c -> c);
        option.lines(of(totals, "temperature mean"), window.step(), c -> c);
        for (int i = before; i < option.series().size(); i++) {
            ObjectNode s = (ObjectNode) option.series().get(i);
            s.put("yAxisIndex", 1).put("name", i == before ? "Hottest GPU °C" : "Mean GPU °C");
        }
        for (String kind : List.of(GpuEvent.XID, GpuEvent.THROTTLE)) {
            // One marker per step, sized by how many GPUs had the event in it: bounded by the steps, not the fleet.
            TreeMap<Long, Integer> perStep = new TreeMap<>();
            markers.stream().filter(e -> e.kind().equals(kind)).forEach(e -> perStep.merge(e.time().toEpochMilli(), 1, Integer::sum));
            if (perStep.isEmpty()) {
                continue;
            }
            ObjectNode marks = option.series().addObject().put("name", kind.equals(GpuEvent.XID) ? "XID error" : "Throttled")
                    .put("type", "scatter").put("yAxisIndex", 1).put("symbol", kind.equals(GpuEvent.XID) ? "triangle" : "diamond")
                    .put("symbolSize", 10);
            marks.putObject("itemStyle").put("color", kind.equals(GpuEvent.XID) ? "#d7263d" : "#f49d37");
            marks.putObject("tooltip").put("trigger", "item").put("formatter", "{a}: {@[2]} GPU(s)");
            ArrayNode data = marks.putArray("data");
            // Markers sit on the temperature axis at 0 so they line up along the bottom; the third value is the GPU count.
            perStep.forEach((t, gpus) -> data.addArray().add(t).add(0).add(gpus));
        }
        return option.json();
    }

    /** Fleet memory in use (GiB). */
    static String memory(List<SeriesPoint> totals, TimeRange.Window window) {
        ChartOption option = ChartOption.overTime(window.from(), window.to(), "Memory used", "GiB");
        option.lines(of(totals, "memory"), window.step(), b -> b / GIB).series().forEach(s -> ((ObjectNode) s).put("name", "GPU memory used GiB"));
        return option.json();
    }

    private static List<SeriesPoint> of(List<SeriesPoint> points, String series) {
        return points.stream().filter(p -> p.series().equals(series)).toList();
    }

    /** A heatmap's option with one category column per {@code step} ms of the window and a row axis to fill. */
    private record HeatmapFrame(ChartOption option, Map<Long, Integer> columnOf, ArrayNode rows) {

        static HeatmapFrame of(TimeRange.Window window, long step, String rowName) {
            List<Long> columns = new ArrayList<>();
            Map<Long, Integer> columnOf = new HashMap<>();
            for (long t = window.from().toEpochMilli() / step * step; t <= window.to().toEpochMilli(); t += step) {
                columnOf.put(t, columns.size());
                columns.add(t);
            }
            ChartOption option = ChartOption.overTime(window.from(), window.to(), "", "");
            ObjectNode root = option.root();
            root.putObject("tooltip").put("position", "top");
            root.remove("legend");
            root.putObject("grid").put("left", 110).put("right", 90).put("top", 12).put("bottom", 28);
            ArrayNode x = root.putObject("xAxis").put("type", "category").putArray("data");
            columns.forEach(t -> x.add(MINUTE.format(java.time.Instant.ofEpochMilli(t))));
            ArrayNode rows = root.putObject("yAxis").put("type", "category").put("name", rowName).putArray("data");
            return new HeatmapFrame(option, columnOf, rows);
        }
    }
}
