package dev.fathom.dashboard.slo;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the SLO view reads. A port over storage (see {@link ClickHouseSloData}). */
public interface SloData {

    /** Each SLO's latest evaluation at or before the window's end; {@code team} limits to one team. */
    List<SloStatus> latest(TimeRange.Window window, Optional<String> team);

    /** Budget remaining (series "budget") and the 1 h and 6 h burn rates ("burn 1h", "burn 6h") per step. */
    List<SeriesPoint> history(String slo, TimeRange.Window window, Duration step);
}
