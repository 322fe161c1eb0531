package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.SeriesPoint;
import java.util.List;

/**
 * One page of the utilisation heatmap: a slice of the hosts (by name) and their mean utilisation
 * per step. Drawing 1,250 host rows helps nobody and costs the browser seconds, so the heatmap
 * pages through hosts {@link #PAGE_SIZE} at a time.
 *
 * @param hosts this page's hosts, by name
 * @param offset the index of the first host of this page among all hosts
 * @param totalHosts how many hosts reported utilisation in the range
 * @param points utilisation (0..1) per host (series = host) and step, only for this page's hosts
 */
public record HostUtilization(List<String> hosts, int offset, long totalHosts, List<SeriesPoint> points) {

    public static final int PAGE_SIZE = 40;
    /** The highest page a link may ask for: its offset plus a page still fits an int. */
    public static final int LAST_PAGE = (Integer.MAX_VALUE - PAGE_SIZE) / PAGE_SIZE;
    /**
     * At most this many steps (columns): 40 hosts × 120 steps is 4,800 cells, which ECharts draws in
     * a quarter of the time 241 steps take; a cell is still several pixels wide.
     */
    public static final int MAX_COLUMNS = 120;

    /** The heatmap's step for {@code window}: coarser than the line charts' for long ranges. */
    public static java.time.Duration step(dev.fathom.dashboard.time.TimeRange.Window window) {
        return window.step(MAX_COLUMNS);
    }
    public static final HostUtilization NONE = new HostUtilization(List.of(), 0, 0, List.of());

    public HostUtilization {
        hosts = List.copyOf(hosts);
        points = List.copyOf(points);
    }
}
