package dev.fathom.dashboard.node;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;

/** What the node view reads. A port over storage (see {@link ClickHouseNodeData}). */
public interface NodeData {

    /** Hosts that reported in the window, sorted. */
    List<String> hosts(TimeRange.Window window);

    /** The metrics one host reported in the window, with their units, sorted by name. */
    List<MetricUnit> metrics(String host, TimeRange.Window window);

    /**
     * One metric of one host per device series and step, series named by their device labels
     * ("0", "0 1g.10gb 3", "eth0 receive"). For a cumulative counter the value is its rate per
     * second between steps (a reset gives no point); for a gauge the step's mean.
     */
    List<SeriesPoint> series(String host, String metric, boolean counter, TimeRange.Window window, Duration step);

    record MetricUnit(String metric, String unit) {}
}
