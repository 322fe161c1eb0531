package dev.fathom.storage.query;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;

/**
 * What the node view reads for one host: its GPUs (and MIG instances) now, and its GPUs, NICs,
 * InfiniBand ports, disks and file systems over time, one list of series per metric.
 */
public final class NodeQueries {

    /** The metrics the node view charts, in the order it shows them. */
    public static final List<String> METRICS = List.of(
            MetricNames.GPU_UTILIZATION, MetricNames.GPU_MEMORY_USED, MetricNames.GPU_POWER_DRAW, MetricNames.GPU_TEMPERATURE,
            MetricNames.NETWORK_IO + MetricNames.RATE_SUFFIX, MetricNames.INFINIBAND_IO + MetricNames.RATE_SUFFIX,
            MetricNames.DISK_IO + MetricNames.RATE_SUFFIX, MetricNames.FILESYSTEM_USAGE);

    /** A metric and its unit. */
    public record MetricUnit(String metric, String unit) {}

    /**
     * One device series of a host in one step: the mean, and the last value with its time (for
     * rates of cumulative counters).
     */
    public record DeviceStep(long seriesId, SortedMap<String, String> labels, Instant time, double mean, double last, long lastMs) {}

    private final ClickHouseHttp clickhouse;
    private final FleetQueries fleet;
    private final SeriesQueries series;

    public NodeQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
        this.fleet = new FleetQueries(clickhouse);
        this.series = new SeriesQueries(clickhouse);
    }

    /**
     * Hosts whose latest point is at or after the range's start, sorted ({@code points_latest}: one
     * row per series, not a scan of the range's raw points).
     */
    public List<String> hosts(TimeRange range) {
        String sql = "SELECT DISTINCT host FROM points_latest WHERE last_ts >= " + Sql.dateTime(range.from())
                + " AND host != '' ORDER BY host LIMIT 100000";
        return clickhouse.query(sql).stream().map(r -> Rows.text(r, "host")).toList();
    }

    /** The metrics the host reported since the range's start, with their units, by name. */
    public List<MetricUnit> metrics(String host, TimeRange range) {
        String sql = "SELECT metric, any(unit) AS u FROM points_latest WHERE host = " + Sql.string(host) + " AND last_ts >= "
                + Sql.dateTime(range.from()) + " GROUP BY metric ORDER BY metric";
        return clickhouse.query(sql).stream().map(r -> new MetricUnit(Rows.text(r, "metric"), Rows.text(r, "u"))).toList();
    }

    /**
     * One metric of one host per series and step from raw points (rates need each step's last
     * sample time), ordered by series then time.
     */
    public List<DeviceStep> deviceSteps(String host, String metric, TimeRange range, Duration step) {
        long stepSeconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT series_id, any(label_keys) AS lk, any(label_values) AS lv, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket,
                       avg(value) AS mean, argMax(value, time_ms) AS last, max(time_ms) AS last_ms
                FROM points
                WHERE metric = %2$s AND host = %3$s AND %4$s
                GROUP BY series_id, bucket
                ORDER BY series_id, bucket
                LIMIT %5$d""".formatted(stepSeconds, Sql.string(metric), Sql.string(host), range.where("ts"), SeriesQueries.MAX_VALUES);
        return clickhouse.query(sql).stream().map(r -> new DeviceStep(Rows.integer(r, "series_id"), Rows.labels(r, "lk", "lv"),
                Instant.ofEpochSecond(Rows.integer(r, "bucket")), Rows.number(r, "mean"), Rows.number(r, "last"),
                Rows.integer(r, "last_ms"))).toList();
    }

    /** The host's GPUs with their latest values. */
    public List<GpuStatus> gpus(String host, Instant now, Duration lookback) {
        return fleet.latestGpus(now, lookback, host);
    }

    /** Each of {@code metrics} on the host over the range, mean per step, keyed by metric. */
    public Map<String, List<Series>> overTime(String host, List<String> metrics, TimeRange range, Duration step) {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        LabelFilter onHost = LabelFilter.of(Map.of(AttributeKeys.HOST_NAME, host));
        for (String metric : metrics) {
            out.put(metric, series.series(metric, onHost, range, step, Aggregation.AVG));
        }
        return out;
    }

    /** {@link #METRICS} on the host over the range. */
    public Map<String, List<Series>> overTime(String host, TimeRange range, Duration step) {
        return overTime(host, METRICS, range, step);
    }
}
