package dev.fathom.dashboard.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link AnomalyData} over storage's anomalies and points tables. */
public class ClickHouseAnomalyData implements AnomalyData {

    private static final String COLUMNS = "time_ms, metric, host, series_id, label_keys, label_values, value, expected_low, expected_high, score, detector";

    private final ClickHouseHttp clickhouse;

    public ClickHouseAnomalyData(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public int count(TimeRange.Window window, AnomalyFilter filter) {
        return (int) clickhouse.queryLong("SELECT count() FROM anomalies FINAL WHERE " + where(window, filter));
    }

    @Override
    public List<Anomaly> page(TimeRange.Window window, AnomalyFilter filter, int offset, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM anomalies FINAL WHERE " + where(window, filter)
                + " ORDER BY score DESC, time_ms DESC, series_id LIMIT " + offset + ", " + limit;
        return clickhouse.query(sql).stream().map(ClickHouseAnomalyData::toAnomaly).toList();
    }

    @Override
    public List<SeriesPoint> series(String metric, String host, long seriesId, TimeRange.Window window, Duration step) {
        long seconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, avg(value) AS value
                FROM points
                WHERE metric = %2$s AND host = %3$s AND series_id = %4$s AND ts >= %5$s AND ts <= %6$s
                GROUP BY bucket ORDER BY bucket
                """.formatted(seconds, Sql.string(metric), Sql.string(host), Long.toUnsignedString(seriesId), Sql.dateTime(window.from()), Sql.dateTime(window.to()));
        return clickhouse.query(sql).stream()
                .map(r -> new SeriesPoint(metric, Instant.ofEpochSecond(r.get("bucket").asLong()), r.get("value").asDouble())).toList();
    }

    @Override
    public List<Anomaly> ofSeries(String metric, String host, long seriesId, TimeRange.Window window) {
        String sql = "SELECT " + COLUMNS + " FROM anomalies FINAL WHERE metric = " + Sql.string(metric) + " AND host = " + Sql.string(host)
                + " AND series_id = " + Long.toUnsignedString(seriesId) + " AND " + within(window) + " ORDER BY time_ms LIMIT 10000";
        return clickhouse.query(sql).stream().map(ClickHouseAnomalyData::toAnomaly).toList();
    }

    @Override
    public List<Anomaly> onHost(String host, TimeRange.Window window, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM anomalies FINAL WHERE host = " + Sql.string(host) + " AND " + within(window)
                + " ORDER BY time_ms LIMIT " + limit;
        return clickhouse.query(sql).stream().map(ClickHouseAnomalyData::toAnomaly).toList();
    }

    private static String within(TimeRange.Window window) {
        return "ts >= " + Sql.dateTime(window.from()) + " AND ts <= " + Sql.dateTime(window.to());
    }

    private static String where(TimeRange.Window window, AnomalyFilter filter) {
        StringBuilder where = new StringBuilder(within(window));
        filter.metric().ifPresent(m -> where.append(" AND metric = ").append(Sql.string(m)));
        filter.host().ifPresent(h -> where.append(" AND host = ").append(Sql.string(h)));
        if (filter.minScore() > 0) {
            where.append(" AND score >= ").append(filter.minScore());
        }
        return where.toString();
    }

    static Anomaly toAnomaly(JsonNode r) {
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode keys = r.get("label_keys");
        JsonNode values = r.get("label_values");
        for (int i = 0; i < keys.size() && i < values.size(); i++) {
            labels.put(keys.get(i).asText(), values.get(i).asText());
        }
        return new Anomaly(Instant.ofEpochMilli(r.get("time_ms").asLong()), r.get("metric").asText(), r.get("host").asText(),
                Long.parseUnsignedLong(r.get("series_id").asText()), labels, r.get("value").asDouble(),
                r.get("expected_low").asDouble(), r.get("expected_high").asDouble(), r.get("score").asDouble(), r.get("detector").asText());
    }
}
