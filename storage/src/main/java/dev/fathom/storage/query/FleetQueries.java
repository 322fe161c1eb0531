package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the fleet view reads: every GPU's latest values and utilisation over time. */
public final class FleetQueries {

    private final ClickHouseHttp clickhouse;

    public FleetQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Every GPU that reported within {@code lookback} of {@code now}, by host then index. */
    public List<GpuStatus> latestGpus(Instant now, Duration lookback) {
        String sql = """
                SELECT
                    host,
                    %1$s AS uuid,
                    any(%2$s) AS gpu_index,
                    any(%3$s) AS model,
                    argMaxIf(value, time_ms, metric = %4$s) AS utilization,
                    countIf(metric = %4$s) AS n_utilization,
                    argMaxIf(value, time_ms, metric = %5$s) AS memory_used,
                    countIf(metric = %5$s) AS n_memory_used,
                    argMaxIf(value, time_ms, metric = %6$s) AS memory_total,
                    countIf(metric = %6$s) AS n_memory_total,
                    argMaxIf(value, time_ms, metric = %7$s) AS power,
                    countIf(metric = %7$s) AS n_power,
                    argMaxIf(value, time_ms, metric = %8$s) AS temperature,
                    countIf(metric = %8$s) AS n_temperature,
                    max(time_ms) AS last_ms
                FROM points
                WHERE metric IN (%4$s, %5$s, %6$s, %7$s, %8$s)
                  AND ts >= %9$s AND ts <= %10$s
                GROUP BY host, uuid
                HAVING uuid != ''
                ORDER BY host, toUInt32OrZero(gpu_index), uuid
                """.formatted(
                label(AttributeKeys.GPU_UUID), label(AttributeKeys.GPU_INDEX), label(AttributeKeys.GPU_MODEL),
                Sql.string(MetricNames.GPU_UTILIZATION), Sql.string(MetricNames.GPU_MEMORY_USED),
                Sql.string(MetricNames.GPU_MEMORY_TOTAL), Sql.string(MetricNames.GPU_POWER_DRAW),
                Sql.string(MetricNames.GPU_TEMPERATURE),
                Sql.dateTime(now.minus(lookback)), Sql.dateTime(now));
        return clickhouse.query(sql).stream().map(FleetQueries::toStatus).toList();
    }

    private static GpuStatus toStatus(JsonNode row) {
        return new GpuStatus(
                row.get("host").asText(),
                row.get("uuid").asText(),
                row.get("gpu_index").asText(),
                row.get("model").asText(),
                valueOrNaN(row, "utilization"),
                valueOrNaN(row, "memory_used"),
                valueOrNaN(row, "memory_total"),
                valueOrNaN(row, "power"),
                valueOrNaN(row, "temperature"),
                Instant.ofEpochMilli(row.get("last_ms").asLong()));
    }

    private static double valueOrNaN(JsonNode row, String column) {
        return row.get("n_" + column).asLong() == 0 ? Double.NaN : row.get(column).asDouble();
    }

    /**
     * Mean GPU utilisation per host in steps of {@code step} between {@code from} and {@code to};
     * one series per host, named by the host.
     */
    public List<SeriesPoint> utilizationByHost(Instant from, Instant to, Duration step) {
        long stepSeconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT host, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, avg(value) AS value
                FROM points
                WHERE metric = %2$s AND ts >= %3$s AND ts <= %4$s
                GROUP BY host, bucket
                ORDER BY host, bucket
                """.formatted(stepSeconds, Sql.string(MetricNames.GPU_UTILIZATION), Sql.dateTime(from), Sql.dateTime(to));
        return clickhouse.query(sql).stream()
                .map(row -> new SeriesPoint(row.get("host").asText(),
                        Instant.ofEpochSecond(row.get("bucket").asLong()), row.get("value").asDouble()))
                .toList();
    }

    /** {@code label_values[indexOf(label_keys, key)]}: the label's value, or '' when absent. */
    static String label(String key) {
        return "label_values[indexOf(label_keys, " + Sql.string(key) + ")]";
    }
}
