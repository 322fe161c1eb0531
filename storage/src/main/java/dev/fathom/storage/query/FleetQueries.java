package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the fleet view reads: every GPU's latest values (from {@code points_latest}, one row per
 * series), rankings and health counts over those, utilisation per host over time and throttling
 * and XID markers (raw or rollup by range).
 */
public final class FleetQueries {

    /** Which GPUs a ranking puts first. */
    public enum Ranking {
        BUSIEST("utilization", "DESC"), IDLEST("utilization", "ASC"), HOTTEST("temperature", "DESC");

        final String column;
        final String order;

        Ranking(String column, String order) {
            this.column = column;
            this.order = order;
        }
    }

    /** What makes a GPU unhealthy: too hot, throttled, an XID error, or silent for too long. */
    public record HealthRules(double maxTemperatureCelsius, Duration staleAfter) {
        public static final HealthRules DEFAULT = new HealthRules(85, Duration.ofMinutes(2));

        public HealthRules {
            if (!Double.isFinite(maxTemperatureCelsius) || staleAfter.isNegative()) {
                throw new IllegalArgumentException("health rules need a finite temperature and a non-negative stale time, got "
                        + maxTemperatureCelsius + " and " + staleAfter);
            }
        }
    }

    /** GPU counts by health; one GPU can be in several unhealthy columns. */
    public record HealthCounts(long gpus, long healthy, long hot, long throttled, long xidErrors, long stale) {
        public long unhealthy() {
            return gpus - healthy;
        }
    }

    /** A moment a GPU was throttled or reported an XID error. */
    public record Marker(String host, String uuid, String metric, Instant time, double value) {}

    /** One fleet metric in one step: the sum, highest and mean over GPUs of each GPU's mean in the step. */
    public record FleetTotal(Instant time, String metric, double total, double highest, double mean) {}

    /**
     * One raw XID or throttle sample: {@code metric} is {@link MetricNames#GPU_XID_LAST} (value = the
     * XID code) or {@link MetricNames#GPU_THROTTLE_ACTIVE} (value 1, {@code reason} the active reason).
     */
    public record GpuEvent(Instant time, String host, String gpuIndex, String metric, String reason, double value) {}

    /** The throttle reason that only says the GPU is idle: not throttling. */
    public static final String IDLE_REASON = "gpu_idle";

    private final ClickHouseHttp clickhouse;

    public FleetQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Every GPU that reported within {@code lookback} of {@code now}, by host then index. */
    public List<GpuStatus> latestGpus(Instant now, Duration lookback) {
        return latestGpus(now, lookback, "");
    }

    /** As above for one host ({@code ""}: every host). */
    public List<GpuStatus> latestGpus(Instant now, Duration lookback, String host) {
        String sql = latestSql(now, lookback, host) + "\nORDER BY host, toUInt32OrZero(gpu_index), uuid";
        return clickhouse.query(sql).stream().map(FleetQueries::toStatus).toList();
    }

    /** The first {@code limit} GPUs by the ranking, among those that reported the ranked value. */
    public List<GpuStatus> ranked(Instant now, Duration lookback, Ranking ranking, int limit) {
        Page.check(0, limit);
        String sql = "SELECT * FROM (" + latestSql(now, lookback, "") + ")\nWHERE n_" + ranking.column + " > 0\nORDER BY "
                + ranking.column + " " + ranking.order + ", host, uuid\nLIMIT " + limit;
        return clickhouse.query(sql).stream().map(FleetQueries::toStatus).toList();
    }

    /** Healthy and unhealthy GPU counts among those seen within {@code lookback}. */
    public HealthCounts health(Instant now, Duration lookback, HealthRules rules) {
        String sql = """
                SELECT count() AS gpus,
                       countIf(NOT (hot OR throttled OR xid OR stale)) AS healthy,
                       countIf(hot) AS n_hot, countIf(throttled) AS n_throttled, countIf(xid) AS n_xid, countIf(stale) AS n_stale
                FROM
                (
                    SELECT n_temperature > 0 AND temperature >= %1$s AS hot,
                           n_throttle > 0 AND throttle > 0 AS throttled,
                           n_xid > 0 AND xid_last > 0 AS xid,
                           last_ms < %2$d AS stale
                    FROM (%3$s)
                )""".formatted(Double.toString(rules.maxTemperatureCelsius()),
                now.minus(rules.staleAfter()).toEpochMilli(), latestSql(now, lookback, ""));
        JsonNode row = clickhouse.query(sql).get(0);
        return new HealthCounts(Rows.integer(row, "gpus"), Rows.integer(row, "healthy"), Rows.integer(row, "n_hot"),
                Rows.integer(row, "n_throttled"), Rows.integer(row, "n_xid"), Rows.integer(row, "n_stale"));
    }

    /**
     * One row per GPU: the latest value of each fleet metric (argMax by time over the latest row of
     * each series) and how many series reported it (0: never, shown as NaN).
     */
    private static String latestSql(Instant now, Duration lookback, String host) {
        return """
                SELECT
                    host,
                    %1$s AS uuid,
                    any(%2$s) AS gpu_index,
                    any(%3$s) AS model,
                    argMaxIf(v, t, metric = %4$s) AS utilization, countIf(metric = %4$s) AS n_utilization,
                    argMaxIf(v, t, metric = %5$s) AS memory_used, countIf(metric = %5$s) AS n_memory_used,
                    argMaxIf(v, t, metric = %6$s) AS memory_total, countIf(metric = %6$s) AS n_memory_total,
                    argMaxIf(v, t, metric = %7$s) AS power, countIf(metric = %7$s) AS n_power,
                    argMaxIf(v, t, metric = %8$s) AS temperature, countIf(metric = %8$s) AS n_temperature,
                    maxIf(v, metric = %9$s AND lv[indexOf(lk, %14$s)] != %15$s) AS throttle, countIf(metric = %9$s) AS n_throttle,
                    argMaxIf(v, t, metric = %10$s) AS xid_last, countIf(metric = %10$s) AS n_xid,
                    max(t) AS last_ms
                FROM
                (
                    SELECT metric, host, series_id, argMax(value, last_time_ms) AS v, max(last_time_ms) AS t,
                           any(label_keys) AS lk, any(label_values) AS lv
                    FROM points_latest
                    WHERE metric IN (%4$s, %5$s, %6$s, %7$s, %8$s, %9$s, %10$s)
                      AND last_ts >= %11$s AND last_ts <= %12$s%13$s
                    GROUP BY metric, host, series_id
                )
                GROUP BY host, uuid
                HAVING uuid != ''""".formatted(
                lv(AttributeKeys.GPU_UUID), lv(AttributeKeys.GPU_INDEX), lv(AttributeKeys.GPU_MODEL),
                Sql.string(MetricNames.GPU_UTILIZATION), Sql.string(MetricNames.GPU_MEMORY_USED),
                Sql.string(MetricNames.GPU_MEMORY_TOTAL), Sql.string(MetricNames.GPU_POWER_DRAW),
                Sql.string(MetricNames.GPU_TEMPERATURE), Sql.string(MetricNames.GPU_THROTTLE_ACTIVE),
                Sql.string(MetricNames.GPU_XID_LAST),
                Sql.dateTime(now.minus(lookback)), Sql.dateTime(now),
                host.isEmpty() ? "" : " AND host = " + Sql.string(host),
                Sql.string(AttributeKeys.REASON), Sql.string(IDLE_REASON));
    }

    private static GpuStatus toStatus(JsonNode row) {
        return new GpuStatus(
                row.get("host").asText(),
                row.get("uuid").asText(),
                row.get("gpu_index").asText(),
                row.get("model").asText(),
                valueOrNaN(row, "utilization", "n_utilization"),
                valueOrNaN(row, "memory_used", "n_memory_used"),
                valueOrNaN(row, "memory_total", "n_memory_total"),
                valueOrNaN(row, "power", "n_power"),
                valueOrNaN(row, "temperature", "n_temperature"),
                Instant.ofEpochMilli(row.get("last_ms").asLong()));
    }

    private static double valueOrNaN(JsonNode row, String column, String count) {
        return row.get(count).asLong() == 0 ? Double.NaN : Rows.number(row, column);
    }

    /**
     * Mean GPU utilisation per host in steps of {@code step} between {@code from} and {@code to};
     * one series per host, named by the host. Reads raw points or a rollup by the range's length
     * (the heatmap of hosts over time).
     */
    public List<SeriesPoint> utilizationByHost(Instant from, Instant to, Duration step) {
        TimeRange range = new TimeRange(from, to);
        Resolution resolution = Resolution.forQuery(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String sql = """
                SELECT host, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, %2$s AS value
                FROM %3$s
                WHERE metric = %4$s AND %5$s
                GROUP BY host, bucket
                ORDER BY host, bucket
                """.formatted(stepSeconds, resolution.expression(Aggregation.AVG), resolution.table(),
                Sql.string(MetricNames.GPU_UTILIZATION), range.where("ts"));
        return clickhouse.query(sql).stream()
                .map(row -> new SeriesPoint(row.get("host").asText(),
                        Instant.ofEpochSecond(row.get("bucket").asLong()), Rows.number(row, "value")))
                .toList();
    }

    /**
     * Throttling and XID markers: per GPU and step, the highest throttle or XID value where it was
     * above zero, oldest first, at most {@code limit}.
     */
    public List<Marker> markers(TimeRange range, Duration step, int limit) {
        Page.check(0, limit);
        Resolution resolution = Resolution.forQuery(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String sql = """
                SELECT host, any(%1$s) AS uuid, metric, intDiv(toUInt32(ts), %2$d) * %2$d AS bucket, %3$s AS v
                FROM %4$s
                WHERE metric IN (%5$s, %6$s) AND %7$s%9$s AND NOT (metric = %5$s AND %10$s = %11$s)
                GROUP BY host, series_id, metric, bucket
                HAVING v > 0
                ORDER BY bucket, host, uuid, metric
                LIMIT %8$d""".formatted(label(AttributeKeys.GPU_UUID), stepSeconds, resolution.expression(Aggregation.MAX),
                resolution.table(), Sql.string(MetricNames.GPU_THROTTLE_ACTIVE), Sql.string(MetricNames.GPU_XID_LAST),
                range.where("ts"), limit,
                // Raw rows can be filtered before grouping (most are 0); rollup states cannot.
                resolution == Resolution.RAW ? " AND value > 0" : "", label(AttributeKeys.REASON), Sql.string(IDLE_REASON));
        return clickhouse.query(sql).stream().map(r -> new Marker(Rows.text(r, "host"), Rows.text(r, "uuid"), Rows.text(r, "metric"),
                Instant.ofEpochSecond(Rows.integer(r, "bucket")), Rows.number(r, "v"))).toList();
    }

    /**
     * Fleet power, memory used and temperature per step (raw points or a rollup by range): the mean
     * per GPU and step first, so a GPU sampled twice in a step is not counted twice; then the sum,
     * highest and mean over GPUs. Ordered by metric, then time.
     */
    public List<FleetTotal> totals(TimeRange range, Duration step) {
        Resolution resolution = Resolution.forQuery(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String sql = """
                SELECT bucket, metric, sum(v) AS total, max(v) AS highest, avg(v) AS mean
                FROM
                (
                    SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, metric, series_id, %2$s AS v
                    FROM %3$s
                    WHERE metric IN (%4$s, %5$s, %6$s) AND %7$s
                    GROUP BY bucket, metric, series_id
                )
                GROUP BY bucket, metric
                ORDER BY metric, bucket""".formatted(stepSeconds, resolution.expression(Aggregation.AVG), resolution.table(),
                Sql.string(MetricNames.GPU_POWER_DRAW), Sql.string(MetricNames.GPU_MEMORY_USED),
                Sql.string(MetricNames.GPU_TEMPERATURE), range.where("ts"));
        return clickhouse.query(sql).stream().map(r -> new FleetTotal(Instant.ofEpochSecond(Rows.integer(r, "bucket")),
                Rows.text(r, "metric"), Rows.number(r, "total"), Rows.number(r, "highest"), Rows.number(r, "mean"))).toList();
    }

    /**
     * XID errors (code above 0) and active throttling (any reason but {@link #IDLE_REASON}) in the
     * range, newest first, at most {@code limit}; raw points, so each sample's own time.
     */
    public List<GpuEvent> events(TimeRange range, int limit) {
        Page.check(0, limit);
        String sql = """
                SELECT time_ms, metric, host, %1$s AS gpu, %2$s AS why, value
                FROM points
                WHERE metric IN (%3$s, %4$s) AND %5$s
                  AND value > 0 AND NOT (metric = %4$s AND %2$s = %6$s)
                ORDER BY time_ms DESC, host, gpu, metric
                LIMIT %7$d""".formatted(label(AttributeKeys.GPU_INDEX), label(AttributeKeys.REASON),
                Sql.string(MetricNames.GPU_XID_LAST), Sql.string(MetricNames.GPU_THROTTLE_ACTIVE), range.where("ts"),
                Sql.string(IDLE_REASON), limit);
        return clickhouse.query(sql).stream().map(r -> new GpuEvent(Instant.ofEpochMilli(Rows.integer(r, "time_ms")),
                Rows.text(r, "host"), Rows.text(r, "gpu"), Rows.text(r, "metric"), Rows.text(r, "why"), Rows.number(r, "value")))
                .toList();
    }

    /** {@code label_values[indexOf(label_keys, key)]}: the label's value, or '' when absent. */
    static String label(String key) {
        return LabelFilter.label(key);
    }

    private static String lv(String key) {
        return "lv[indexOf(lk, " + Sql.string(key) + ")]";
    }
}
