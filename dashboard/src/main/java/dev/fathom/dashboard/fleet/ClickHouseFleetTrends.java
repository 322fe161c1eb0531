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
 * {@link FleetTrends} over storage's {@link FleetQueries}: fleet totals and utilisation bands from
 * the fleet rollups ({@code fleet_1m}/{@code fleet_1h}, raw points for sub-minute steps) and XID /
 * throttle markers from {@code gpu_events} ({@link MetricNames#GPU_XID_LAST},
 * {@link MetricNames#GPU_THROTTLE_ACTIVE} except the idle reason), so 30 days of 10,000 GPUs read
 * a few thousand rows.
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
    public List<GpuEvent> markers(TimeRange.Window window, Duration step, int limit) {
        return queries.markers(window.closed(), step, limit).stream().map(m -> new GpuEvent(m.time(), m.host(), m.uuid(),
                m.metric().equals(MetricNames.GPU_XID_LAST) ? GpuEvent.XID : GpuEvent.THROTTLE, m.value())).toList();
    }

    @Override
    public long eventCount(TimeRange.Window window) {
        FleetQueries.EventCounts counts = queries.eventCounts(window.closed());
        return counts.xidSamples() + counts.throttleSamples();
    }

    @Override
    public List<FleetQueries.UtilizationBand> utilizationBands(TimeRange.Window window, Duration step) {
        return queries.utilizationBands(window.closed(), step);
    }
}
