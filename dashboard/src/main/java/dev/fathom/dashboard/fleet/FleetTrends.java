package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;

/** Fleet-wide series and GPU events for the fleet view. A port over storage (see {@link ClickHouseFleetTrends}). */
public interface FleetTrends {

    /** Per step: "power" (sum of GPUs' mean draw, W), "memory" (sum of used bytes), "temperature" (max °C), "temperature mean". */
    List<SeriesPoint> totals(TimeRange.Window window, Duration step);

    /** XID errors and throttling per GPU and step in the window, oldest first, at most {@code limit}. */
    List<GpuEvent> markers(TimeRange.Window window, Duration step, int limit);

    /** How many XID and throttling samples the window holds. */
    long eventCount(TimeRange.Window window);

    /** Per step, how much of the fleet ran in each 10 % utilisation band (band 0..9). */
    List<FleetQueries.UtilizationBand> utilizationBands(TimeRange.Window window, Duration step);
}
