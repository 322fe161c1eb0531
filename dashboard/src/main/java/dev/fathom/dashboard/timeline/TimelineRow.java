package dev.fathom.dashboard.timeline;

import dev.fathom.storage.query.SeriesPoint;
import java.util.List;

/**
 * One band of the timeline: a title with unit, and its points (series by name). {@code markers}
 * draws points as dots (events) rather than lines; {@code why} says why a band is empty.
 */
public record TimelineRow(String title, String unit, List<SeriesPoint> points, boolean markers, String why) {

    public TimelineRow {
        points = List.copyOf(points);
    }
}
