package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * What the anomalies view reads: a paged list, and one series around an anomaly with the band the
 * detector expected. ReplacingMergeTree: read with FINAL.
 */
public final class AnomalyQueries {

    /** One anomaly. */
    public record Anomaly(Instant time, long timeMillis, String metric, String host, long seriesId, SortedMap<String, String> labels,
            double value, double expectedLow, double expectedHigh, double score, String detector) {}

    /** A series around an anomaly: the values, and every anomaly of that series in the window. */
    public record AnomalyContext(List<Series> series, List<Anomaly> anomalies) {}

    private final ClickHouseHttp clickhouse;
    private final SeriesQueries series;

    public AnomalyQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
        this.series = new SeriesQueries(clickhouse);
    }

    /** Anomalies in the range scoring at least {@code minScore}, newest first. */
    public Page<Anomaly> list(TimeRange range, double minScore, String metric, int offset, int limit) {
        Page.check(offset, limit);
        if (!Double.isFinite(minScore)) {
            throw new IllegalArgumentException("minimum score must be a finite number, got " + minScore);
        }
        String where = range.where("ts") + " AND score >= " + Double.toString(minScore)
                + (metric.isEmpty() ? "" : " AND metric = " + Sql.string(metric));
        long total = clickhouse.queryLong("SELECT count() FROM anomalies FINAL WHERE " + where);
        String sql = "SELECT ts, time_ms, metric, host, series_id, label_keys, label_values, value, expected_low, expected_high, score, detector"
                + "\nFROM anomalies FINAL\nWHERE " + where + "\nORDER BY time_ms DESC, score DESC, series_id\nLIMIT " + offset + ", " + limit;
        return new Page<>(clickhouse.query(sql).stream().map(AnomalyQueries::toAnomaly).toList(), total, offset, limit);
    }

    /** The anomaly's series from {@code window} before to {@code window} after it, with its anomalies. */
    public AnomalyContext around(Anomaly anomaly, Duration window, Duration step) {
        TimeRange range = new TimeRange(anomaly.time().minus(window), anomaly.time().plus(window).plusSeconds(1));
        String where = "metric = " + Sql.string(anomaly.metric()) + " AND host = " + Sql.string(anomaly.host())
                + " AND series_id = " + Long.toUnsignedString(anomaly.seriesId()) + " AND " + range.where("ts");
        List<Series> values = series.series(anomaly.metric(), LabelFilter.of(anomaly.labels()), range, step, Aggregation.AVG).stream()
                .filter(s -> s.seriesId() == anomaly.seriesId()).toList();
        List<Anomaly> anomalies = clickhouse.query("SELECT ts, time_ms, metric, host, series_id, label_keys, label_values, value, "
                + "expected_low, expected_high, score, detector FROM anomalies FINAL WHERE " + where + " ORDER BY time_ms")
                .stream().map(AnomalyQueries::toAnomaly).toList();
        return new AnomalyContext(values, anomalies);
    }

    /**
     * Anomalies in the range scoring at least {@code minScore}, highest score first; {@code metric}
     * or {@code host} "" for all.
     */
    public Page<Anomaly> byScore(TimeRange range, double minScore, String metric, String host, int offset, int limit) {
        Page.check(offset, limit);
        if (!Double.isFinite(minScore)) {
            throw new IllegalArgumentException("minimum score must be a finite number, got " + minScore);
        }
        String where = range.where("ts") + " AND score >= " + Double.toString(minScore)
                + (metric.isEmpty() ? "" : " AND metric = " + Sql.string(metric)) + (host.isEmpty() ? "" : " AND host = " + Sql.string(host));
        long total = clickhouse.queryLong("SELECT count() FROM anomalies FINAL WHERE " + where);
        String sql = "SELECT " + COLUMNS + "\nFROM anomalies FINAL\nWHERE " + where
                + "\nORDER BY score DESC, time_ms DESC, series_id\nLIMIT " + offset + ", " + limit;
        return new Page<>(clickhouse.query(sql).stream().map(AnomalyQueries::toAnomaly).toList(), total, offset, limit);
    }

    /** One series' anomalies in the range, oldest first. */
    public List<Anomaly> ofSeries(String metric, String host, long seriesId, TimeRange range) {
        String sql = "SELECT " + COLUMNS + " FROM anomalies FINAL WHERE metric = " + Sql.string(metric) + " AND host = " + Sql.string(host)
                + " AND series_id = " + Long.toUnsignedString(seriesId) + " AND " + range.where("ts") + " ORDER BY time_ms LIMIT 10000";
        return clickhouse.query(sql).stream().map(AnomalyQueries::toAnomaly).toList();
    }

    /** A host's anomalies in the range, oldest first, at most {@code limit}. */
    public List<Anomaly> onHost(String host, TimeRange range, int limit) {
        Page.check(0, limit);
        String sql = "SELECT " + COLUMNS + " FROM anomalies FINAL WHERE host = " + Sql.string(host) + " AND " + range.where("ts")
                + " ORDER BY time_ms LIMIT " + limit;
        return clickhouse.query(sql).stream().map(AnomalyQueries::toAnomaly).toList();
    }

    /** One series' mean per step (raw points or a rollup by range), oldest first. */
    public List<SeriesPoint> values(String metric, String host, long seriesId, TimeRange range, Duration step) {
        Resolution resolution = Resolution.forQuery(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String sql = """
                SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, %2$s AS v
                FROM %3$s
                WHERE metric = %4$s AND host = %5$s AND series_id = %6$s AND %7$s
                GROUP BY bucket
                ORDER BY bucket""".formatted(stepSeconds, resolution.expression(Aggregation.AVG), resolution.table(),
                Sql.string(metric), Sql.string(host), Long.toUnsignedString(seriesId), range.where("ts"));
        return clickhouse.query(sql).stream()
                .map(r -> new SeriesPoint(metric, Instant.ofEpochSecond(Rows.integer(r, "bucket")), Rows.number(r, "v"))).toList();
    }

    private static final String COLUMNS = "ts, time_ms, metric, host, series_id, label_keys, label_values, value, expected_low, "
            + "expected_high, score, detector";

    private static Anomaly toAnomaly(JsonNode r) {
        return new Anomaly(Rows.time(r, "ts"), Rows.integer(r, "time_ms"), Rows.text(r, "metric"), Rows.text(r, "host"),
                Rows.integer(r, "series_id"), Rows.labels(r, "label_keys", "label_values"), Rows.number(r, "value"),
                Rows.number(r, "expected_low"), Rows.number(r, "expected_high"), Rows.number(r, "score"), Rows.text(r, "detector"));
    }
}
