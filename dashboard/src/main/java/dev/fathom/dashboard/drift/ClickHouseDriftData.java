package dev.fathom.dashboard.drift;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DriftData} over storage's drift_results table. */
public class ClickHouseDriftData implements DriftData {

    private final ClickHouseHttp clickhouse;

    public ClickHouseDriftData(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public List<DriftResult> latest(TimeRange.Window window, Optional<String> model) {
        String sql = """
                SELECT model, feature, method, argMax(model_version, ts) AS model_version, argMax(value, ts) AS value,
                       argMax(threshold, ts) AS threshold, argMax(drifted, ts) AS drifted, argMax(sample_size, ts) AS sample_size,
                       toUInt32(max(ts)) AS t
                FROM drift_results FINAL
                WHERE %s
                GROUP BY model, feature, method
                ORDER BY drifted DESC, if(threshold = 0, 0, value / threshold) DESC, model, feature, method
                """.formatted(within(window) + model.map(m -> " AND model = " + Sql.string(m)).orElse(""));
        return clickhouse.query(sql).stream().map(r -> new DriftResult(r.get("model").asText(), r.get("model_version").asText(),
                r.get("feature").asText(), r.get("method").asText(), r.get("value").asDouble(), r.get("threshold").asDouble(),
                r.get("drifted").asInt() != 0, r.get("sample_size").asLong(), Instant.ofEpochSecond(r.get("t").asLong()))).toList();
    }

    @Override
    public List<SeriesPoint> history(String model, String feature, TimeRange.Window window, Duration step) {
        long seconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT method, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, argMax(value, ts) AS value, argMax(threshold, ts) AS threshold
                FROM drift_results FINAL
                WHERE model = %2$s AND feature = %3$s AND %4$s
                GROUP BY method, bucket ORDER BY method, bucket
                """.formatted(seconds, Sql.string(model), Sql.string(feature), within(window));
        List<SeriesPoint> points = new ArrayList<>();
        List<SeriesPoint> thresholds = new ArrayList<>();
        for (JsonNode r : clickhouse.query(sql)) {
            Instant t = Instant.ofEpochSecond(r.get("bucket").asLong());
            points.add(new SeriesPoint(r.get("method").asText(), t, r.get("value").asDouble()));
            thresholds.add(new SeriesPoint(r.get("method").asText() + " threshold", t, r.get("threshold").asDouble()));
        }
        points.addAll(thresholds);
        return points;
    }

    private static String within(TimeRange.Window window) {
        return "ts >= " + Sql.dateTime(window.from()) + " AND ts <= " + Sql.dateTime(window.to());
    }
}
