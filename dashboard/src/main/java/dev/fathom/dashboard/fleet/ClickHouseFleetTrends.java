package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link FleetTrends} over storage's {@link FleetQueries}: fleet totals (raw points or a rollup by
 * range) and XID / throttle events ({@link MetricNames#GPU_XID_LAST}, {@link MetricNames#GPU_THROTTLE_ACTIVE}
 * except the idle reason).
 */
public class ClickHouseFleetTrends implements FleetTrends {

    private final FleetQueries queries;

    public ClickHouseFleetTrends(ClickHouseHttp clickhouse) {
        this.queries = new FleetQueries(clickhouse);
    }

    @Override
    public List<SeriesPoint> totals(TimeRange.Window window, Duration step) {
        List<SeriesPoint> points = new ArrayList<>();
        for (FleetQueries.FleetTotal t : queries.totals(window.closed(), step)) {
            if (t.metric().equals(MetricNames.GPU_POWER_DRAW)) {
                points.add(new SeriesPoint("power", t.time(), t.total()));
            } else if (t.metric().equals(MetricNames.GPU_MEMORY_USED)) {
                points.add(new SeriesPoint("memory", t.time(), t.total()));
            } else {
                points.add(new SeriesPoint("temperature", t.time(), t.highest()));
                points.add(new SeriesPoint("temperature mean", t.time(), t.mean()));
            }
        }
        return points;
    }

    @Override
    public List<GpuEvent> events(TimeRange.Window window, int limit) {
        return queries.events(window.closed(), limit).stream().map(e -> new GpuEvent(e.time(), e.host(), e.gpuIndex(),
                e.metric().equals(MetricNames.GPU_XID_LAST) ? GpuEvent.XID : GpuEvent.THROTTLE, e.value())).toList();
    }
}
