package dev.fathom.dashboard.anomaly;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.AnomalyQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;

/** {@link AnomalyData} over storage's {@link AnomalyQueries}. */
public class ClickHouseAnomalyData implements AnomalyData {

    private final AnomalyQueries queries;

    public ClickHouseAnomalyData(ClickHouseHttp clickhouse) {
        this.queries = new AnomalyQueries(clickhouse);
    }

    @Override
    public int count(TimeRange.Window window, AnomalyFilter filter) {
        return (int) byScore(window, filter, 0, 1).total();
    }

    @Override
    public List<Anomaly> page(TimeRange.Window window, AnomalyFilter filter, int offset, int limit) {
        return byScore(window, filter, offset, limit).rows().stream().map(ClickHouseAnomalyData::toAnomaly).toList();
    }

    private dev.fathom.storage.query.Page<AnomalyQueries.Anomaly> byScore(TimeRange.Window window, AnomalyFilter filter, int offset,
            int limit) {
        return queries.byScore(window.closed(), Math.max(0, filter.minScore()), filter.metric().orElse(""), filter.host().orElse(""),
                offset, limit);
    }

    @Override
    public List<SeriesPoint> series(String metric, String host, long seriesId, TimeRange.Window window, Duration step) {
        return queries.values(metric, host, seriesId, window.closed(), step);
    }

    @Override
    public List<Anomaly> ofSeries(String metric, String host, long seriesId, TimeRange.Window window) {
        return queries.ofSeries(metric, host, seriesId, window.closed()).stream().map(ClickHouseAnomalyData::toAnomaly).toList();
    }

    @Override
    public List<Anomaly> onHost(String host, TimeRange.Window window, int limit) {
        return queries.onHost(host, window.closed(), limit).stream().map(ClickHouseAnomalyData::toAnomaly).toList();
    }

    static Anomaly toAnomaly(AnomalyQueries.Anomaly a) {
        return new Anomaly(Instant.ofEpochMilli(a.timeMillis()), a.metric(), a.host(), a.seriesId(), new LinkedHashMap<>(a.labels()),
                a.value(), a.expectedLow(), a.expectedHigh(), a.score(), a.detector());
    }
}
