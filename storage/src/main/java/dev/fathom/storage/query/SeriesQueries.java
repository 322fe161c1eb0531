package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Any metric over time, per series, filtered by labels, from raw points or a rollup by range. */
public final class SeriesQueries {

    /** At most this many (series, step) values come back from one query. */
    public static final int MAX_VALUES = 200_000;

    private final ClickHouseHttp clickhouse;

    public SeriesQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /**
     * Every series of {@code metric} matching {@code filter}, one value per {@code step} (rounded up
     * to what the chosen table holds), ordered by host then series.
     */
    public List<Series> series(String metric, LabelFilter filter, TimeRange range, Duration step, Aggregation aggregation) {
        return series(metric, filter, range, step, aggregation, Resolution.forQuery(range, step));
    }

    /** As above, from the table given rather than the one the range picks. */
    public List<Series> series(String metric, LabelFilter filter, TimeRange range, Duration step, Aggregation aggregation, Resolution resolution) {
        long stepSeconds = resolution.stepSeconds(step);
        String sql = """
                SELECT host, series_id, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, %2$s AS v,
                       any(unit) AS u, any(label_keys) AS lk, any(label_values) AS lv
                FROM %3$s
                WHERE metric = %4$s AND %5$s%6$s
                GROUP BY host, series_id, bucket
                ORDER BY host, series_id, bucket
                LIMIT %7$d""".formatted(stepSeconds, resolution.expression(aggregation), resolution.table(),
                Sql.string(metric), range.where("ts"), filter.sql(), MAX_VALUES);
        Map<Long, Series> bySeries = new LinkedHashMap<>();
        for (JsonNode row : clickhouse.query(sql)) {
            long id = Rows.integer(row, "series_id");
            Series series = bySeries.computeIfAbsent(id, k -> new Series(metric, id, Rows.text(row, "host"), Rows.text(row, "u"),
                    Rows.labels(row, "lk", "lv"), new ArrayList<>()));
            series.points().add(new SeriesPoint(series.host(), Instant.ofEpochSecond(Rows.integer(row, "bucket")), Rows.number(row, "v")));
        }
        return List.copyOf(bySeries.values());
    }

    /** The metric names with points in the range whose host is {@code host} (all hosts when empty). */
    public List<String> metrics(TimeRange range, String host) {
        String sql = "SELECT DISTINCT metric FROM points_latest WHERE " + range.where("last_ts")
                + (host.isEmpty() ? "" : " AND host = " + Sql.string(host)) + " ORDER BY metric";
        return clickhouse.query(sql).stream().map(r -> Rows.text(r, "metric")).toList();
    }
}
