package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import java.time.Instant;
import java.util.List;

/**
 * The fleet's GPUs as the fleet view reads them, never all at once: headline numbers, short ranked
 * lists, one page of the GPU grid, one page of heatmap hosts. A port over storage
 * ({@link ClickHouseFleetData}); "reporting" means a report within {@link FleetLoader#LOOKBACK}
 * before {@code at}.
 */
public interface FleetData {

    /** The page's headline, read at once: counts, mean utilisation, total power and health, and the ranked lists. */
    record Overview(FleetSummary summary, List<GpuStatus> busiest, List<GpuStatus> idlest, List<GpuStatus> hottest) {}

    /**
     * Counts, mean utilisation, total power and health of the GPUs reporting at {@code at}, and the
     * first {@code limit} GPUs of each {@link FleetQueries.Ranking} among those that reported the
     * ranked value.
     */
    Overview overview(Instant at, int limit);

    /** One page of the GPUs reporting at {@code at}, sorted in ClickHouse; {@code total} counts them all. */
    Page<GpuStatus> gpus(Instant at, GpuSort sort, boolean ascending, int offset, int limit);

    /** Mean utilisation per step of hosts {@code offset}..{@code offset + limit} (by name) over the window. */
    HostUtilization utilization(TimeRange.Window window, int offset, int limit);
}
