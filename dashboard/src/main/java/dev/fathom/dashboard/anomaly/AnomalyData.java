package dev.fathom.dashboard.anomaly;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;

/** What the anomalies view reads. A port over storage (see {@link ClickHouseAnomalyData}). */
public interface AnomalyData {

    int count(TimeRange.Window window, AnomalyFilter filter);

    /** Highest score first, then newest; for a lazy grid. */
    List<Anomaly> page(TimeRange.Window window, AnomalyFilter filter, int offset, int limit);

    /** One series' values (mean per step) from points. */
    List<SeriesPoint> series(String metric, String host, long seriesId, TimeRange.Window window, Duration step);

    /** Every anomaly of one series in the window, oldest first. */
    List<Anomaly> ofSeries(String metric, String host, long seriesId, TimeRange.Window window);

    /** Anomalies on one host, oldest first (the timeline). */
    List<Anomaly> onHost(String host, TimeRange.Window window, int limit);
}
