package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the cost view reads. A port: {@link ClickHouseCostData} reads the cost ledger until
 * storage's query layer offers cost queries.
 */
public interface CostData {

    /** Cost per owner over the window; {@code team} limits the rows to that team. No previous-period figures. */
    List<CostRow> byOwner(TimeRange.Window window, CostGrouping grouping, Optional<String> team);

    /** Allocated cost per owner and step (series named by owner, "(unallocated)" for none). */
    List<SeriesPoint> overTime(TimeRange.Window window, Duration step, CostGrouping grouping, Optional<String> team);

    /** Allocated cost of one host per step (series "cost"), for the timeline; {@code team} limits to that team's rows. */
    List<SeriesPoint> hostOverTime(String host, TimeRange.Window window, Duration step, Optional<String> team);

    /** The teams with cost in the window, for the team picker. */
    List<String> teams(TimeRange.Window window);
}
