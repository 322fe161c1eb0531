package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the drift view reads: each model/feature/method's latest statistic (drifting first, then by
 * how far over its threshold) and its history. ReplacingMergeTree: read with FINAL.
 */
public final class DriftQueries {

    /** A drift statistic at one window's end. */
    public record DriftPoint(Instant time, String model, String modelVersion, String feature, String method, double value,
            double threshold, boolean drifted, long sampleSize) {}

    /** One method's last value and threshold in one step. */
    public record MethodStep(String method, Instant time, double value, double threshold) {}

    private final ClickHouseHttp clickhouse;

    public DriftQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** The newest result of each model, feature and method seen within the lookback; drifting first. */
    public List<DriftPoint> latest(Instant now, Duration lookback, Optional<String> model) {
        String sql = """
                SELECT model, feature, method, max(ts) AS t, argMax(model_version, ts) AS model_version,
                       argMax(value, ts) AS v, argMax(threshold, ts) AS th, argMax(drifted, ts) AS d,
                       argMax(sample_size, ts) AS n
                FROM drift_results FINAL
                WHERE %1$s%2$s
                GROUP BY model, feature, method
                ORDER BY d DESC, if(th = 0, 0, v / th) DESC, model, feature, method""".formatted(
                new TimeRange(now.minus(lookback), now.plusSeconds(1)).where("ts"),
                model.map(m -> " AND model = " + Sql.string(m)).orElse(""));
        return clickhouse.query(sql).stream().map(DriftQueries::toPoint).toList();
    }

    /** One model's results over the range (every feature and method, or one feature), oldest first. */
    public List<DriftPoint> history(String model, Optional<String> feature, TimeRange range) {
        String sql = """
                SELECT model, feature, method, ts AS t, model_version, value AS v, threshold AS th, drifted AS d, sample_size AS n
                FROM drift_results FINAL
                WHERE model = %1$s AND %2$s%3$s
                ORDER BY feature, method, t
                LIMIT 100000""".formatted(Sql.string(model), range.where("ts"),
                feature.map(f -> " AND feature = " + Sql.string(f)).orElse(""));
        return clickhouse.query(sql).stream().map(DriftQueries::toPoint).toList();
    }

    /** One model and feature: each method's last value and threshold per step, by method then time. */
    public List<MethodStep> steps(String model, String feature, TimeRange range, Duration step) {
        long stepSeconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT method, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, argMax(value, ts) AS v, argMax(threshold, ts) AS th
                FROM drift_results FINAL
                WHERE model = %2$s AND feature = %3$s AND %4$s
                GROUP BY method, bucket
                ORDER BY method, bucket""".formatted(stepSeconds, Sql.string(model), Sql.string(feature), range.where("ts"));
        return clickhouse.query(sql).stream().map(r -> new MethodStep(Rows.text(r, "method"),
                Instant.ofEpochSecond(Rows.integer(r, "bucket")), Rows.number(r, "v"), Rows.number(r, "th"))).toList();
    }

    private static DriftPoint toPoint(JsonNode r) {
        return new DriftPoint(Rows.time(r, "t"), Rows.text(r, "model"), Rows.text(r, "model_version"), Rows.text(r, "feature"),
                Rows.text(r, "method"), Rows.number(r, "v"), Rows.number(r, "th"), Rows.integer(r, "d") != 0, Rows.integer(r, "n"));
    }
}
