package dev.fathom.dashboard.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link FleetTrends} over storage's points table. XID and throttling metrics are not in
 * MetricNames yet; {@link #XID_METRIC} and {@link #THROTTLE_METRIC} are the names asked for.
 */
public class ClickHouseFleetTrends implements FleetTrends {

    /** dcgm DCGM_FI_DEV_XID_ERRORS: the last XID code, 0 for none. */
    public static final String XID_METRIC = "gpu.xid_errors";
    /** nvidia-smi clocks_throttle_reasons.active: a bit mask, 0 when not throttled (idle bit 0x1 ignored). */
    public static final String THROTTLE_METRIC = "gpu.throttle_reasons";

    private final ClickHouseHttp clickhouse;

    public ClickHouseFleetTrends(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public List<SeriesPoint> totals(TimeRange.Window window, Duration step) {
        long seconds = Math.max(1, step.toSeconds());
        // Mean per GPU and step first, so a GPU sampled twice in a step is not counted twice.
        String sql = """
                SELECT bucket, metric, sum(v) AS total, max(v) AS highest, avg(v) AS mean
                FROM (
                    SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, metric, series_id, avg(value) AS v
                    FROM points
                    WHERE metric IN (%2$s, %3$s, %4$s) AND ts >= %5$s AND ts <= %6$s
                    GROUP BY bucket, metric, series_id
                )
                GROUP BY bucket, metric
                ORDER BY metric, bucket
                """.formatted(seconds, Sql.string(MetricNames.GPU_POWER_DRAW), Sql.string(MetricNames.GPU_MEMORY_USED),
                Sql.string(MetricNames.GPU_TEMPERATURE), Sql.dateTime(window.from()), Sql.dateTime(window.to()));
        List<SeriesPoint> points = new ArrayList<>();
        for (JsonNode r : clickhouse.query(sql)) {
            Instant t = Instant.ofEpochSecond(r.get("bucket").asLong());
            String metric = r.get("metric").asText();
            if (metric.equals(MetricNames.GPU_POWER_DRAW)) {
                points.add(new SeriesPoint("power", t, r.get("total").asDouble()));
            } else if (metric.equals(MetricNames.GPU_MEMORY_USED)) {
                points.add(new SeriesPoint("memory", t, r.get("total").asDouble()));
            } else {
                points.add(new SeriesPoint("temperature", t, r.get("highest").asDouble()));
                points.add(new SeriesPoint("temperature mean", t, r.get("mean").asDouble()));
            }
        }
        return points;
    }

    @Override
    public List<GpuEvent> events(TimeRange.Window window, int limit) {
        String sql = """
                SELECT time_ms, metric, host, %1$s AS gpu, value
                FROM points
                WHERE metric IN (%2$s, %3$s) AND ts >= %4$s AND ts <= %5$s
                  AND value != 0 AND NOT (metric = %3$s AND value = 1)
                ORDER BY time_ms DESC
                LIMIT %6$d
                """.formatted("label_values[indexOf(label_keys, " + Sql.string(AttributeKeys.GPU_INDEX) + ")]",
                Sql.string(XID_METRIC), Sql.string(THROTTLE_METRIC), Sql.dateTime(window.from()), Sql.dateTime(window.to()), limit);
        return clickhouse.query(sql).stream().map(r -> new GpuEvent(Instant.ofEpochMilli(r.get("time_ms").asLong()),
                r.get("host").asText(), r.get("gpu").asText(),
                r.get("metric").asText().equals(XID_METRIC) ? GpuEvent.XID : GpuEvent.THROTTLE, r.get("value").asDouble())).toList();
    }
}
