package dev.fathom.dashboard.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.model.AttributeKeys;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@link NodeData} over storage's points table. */
public class ClickHouseNodeData implements NodeData {

    /** Labels that say where the host is or what the GPU is, not which device: left out of series names. */
    static final Set<String> NOT_DEVICE = Set.of(AttributeKeys.HOST_NAME, AttributeKeys.CLUSTER, AttributeKeys.SERVICE_NAME,
            AttributeKeys.GPU_UUID, AttributeKeys.GPU_MODEL, AttributeKeys.GPU_PCI_BUS_ID, AttributeKeys.K8S_NAMESPACE,
            AttributeKeys.K8S_POD, AttributeKeys.TEAM, AttributeKeys.PROJECT);

    private final ClickHouseHttp clickhouse;

    public ClickHouseNodeData(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public List<String> hosts(TimeRange.Window window) {
        return clickhouse.query("SELECT DISTINCT host FROM points WHERE " + within(window) + " AND host != '' ORDER BY host LIMIT 100000")
                .stream().map(r -> r.get("host").asText()).toList();
    }

    @Override
    public List<MetricUnit> metrics(String host, TimeRange.Window window) {
        return clickhouse.query("SELECT metric, any(unit) AS unit FROM points WHERE host = " + Sql.string(host) + " AND "
                        + within(window) + " GROUP BY metric ORDER BY metric")
                .stream().map(r -> new MetricUnit(r.get("metric").asText(), r.get("unit").asText())).toList();
    }

    @Override
    public List<SeriesPoint> series(String host, String metric, boolean counter, TimeRange.Window window, Duration step) {
        long seconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT series_id, any(label_keys) AS k, any(label_values) AS v, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket,
                       avg(value) AS mean, argMax(value, time_ms) AS last, max(time_ms) AS last_ms
                FROM points
                WHERE host = %2$s AND metric = %3$s AND %4$s
                GROUP BY series_id, bucket
                ORDER BY series_id, bucket
                """.formatted(seconds, Sql.string(host), Sql.string(metric), within(window));
        List<SeriesPoint> points = new ArrayList<>();
        String previousSeries = null;
        double previousValue = 0;
        long previousMs = 0;
        for (JsonNode r : clickhouse.query(sql)) {
            String series = r.get("series_id").asText();
            String name = name(r.get("k"), r.get("v"));
            Instant bucket = Instant.ofEpochSecond(r.get("bucket").asLong());
            if (!counter) {
                points.add(new SeriesPoint(name, bucket, r.get("mean").asDouble()));
                continue;
            }
            double value = r.get("last").asDouble();
            long ms = r.get("last_ms").asLong();
            if (series.equals(previousSeries) && ms > previousMs && value >= previousValue) {
                points.add(new SeriesPoint(name, bucket, (value - previousValue) * 1000.0 / (ms - previousMs)));
            }
            previousSeries = series;
            previousValue = value;
            previousMs = ms;
        }
        return points;
    }

    static String name(JsonNode keys, JsonNode values) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < keys.size() && i < values.size(); i++) {
            String key = keys.get(i).asText();
            if (!NOT_DEVICE.contains(key)) {
                String prefix = key.equals(AttributeKeys.GPU_INDEX) ? "GPU " : key.equals(AttributeKeys.MIG_INSTANCE) ? "MIG " : "";
                name.append(name.isEmpty() ? "" : " ").append(prefix).append(values.get(i).asText());
            }
        }
        return name.isEmpty() ? "total" : name.toString();
    }

    private static String within(TimeRange.Window window) {
        return "ts >= " + Sql.dateTime(window.from()) + " AND ts <= " + Sql.dateTime(window.to());
    }
}
