package dev.fathom.dashboard.drift;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What the drift view reads. A port over storage (see {@link ClickHouseDriftData}). */
public interface DriftData {

    /** The latest result per model, feature and method in the window: drifting first, then by value/threshold. */
    List<DriftResult> latest(TimeRange.Window window, Optional<String> model);

    /** For one model and feature: each method's value (series = method) and threshold (series = method + " threshold") per step. */
    List<SeriesPoint> history(String model, String feature, TimeRange.Window window, Duration step);
}
