package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;

/** Fleet-wide series and GPU events for the fleet view. A port over storage (see {@link ClickHouseFleetTrends}). */
public interface FleetTrends {

    /** Per step: "power" (sum of GPUs' mean draw, W), "memory" (sum of used bytes), "temperature" (max °C), "temperature mean". */
    List<SeriesPoint> totals(TimeRange.Window window, Duration step);

    /** XID errors and throttling in the window, newest first, at most {@code limit}. */
    List<GpuEvent> events(TimeRange.Window window, int limit);
}
