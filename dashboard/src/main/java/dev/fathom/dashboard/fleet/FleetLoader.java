package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.Parallel;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@link FleetSnapshot} from ClickHouse, and afterwards the pages the view asks for
 * (grid rows, heatmap hosts). Never throws for a storage failure: the view turns the problem into
 * a sentence on the page, not a stack trace.
 */
public class FleetLoader {

    /** A GPU silent for longer than this before the range's end is no longer "reporting". */
    public static final Duration LOOKBACK = Duration.ofMinutes(5);
    /** Markers read per load: one per GPU and step at most; the chart counts them per step. */
    static final int MAX_MARKERS = 10_000;
    /** Rows of the grid read with the rest of the page (Vaadin first asks for its page size, 50). */
    static final int FIRST_ROWS = 100;

    static final String NO_DATA = "No GPU data yet: is the collector running?";

    private final FleetData data;
    private final FleetTrends trends;
    private final String clickhouseUrl;

    /** @param clickhouseUrl named in the message when the server cannot be reached */
    public FleetLoader(FleetData data, FleetTrends trends, String clickhouseUrl) {
        this.data = data;
        this.trends = trends;
        this.clickhouseUrl = clickhouseUrl;
    }

    /**
     * Everything but the grid's rows beyond its first page, with the heatmap's page of hosts
     * starting at {@code hostOffset}. The queries are independent and run at the same time.
     */
    public FleetSnapshot load(TimeRange.Window window, int hostOffset) {
        Instant at = window.to();
        var overview = Parallel.start(() -> data.overview(at, GpuList.SIZE));
        var heatmap = Parallel.start(() -> data.utilization(window, hostOffset, HostUtilization.PAGE_SIZE));
        var bands = Parallel.start(() -> trends.utilizationBands(window, window.step()));
        var totals = Parallel.start(() -> trends.totals(window, window.step()));
        var markers = Parallel.start(() -> trends.markers(window, window.step(), MAX_MARKERS));
        var eventCount = Parallel.start(() -> trends.eventCount(window));
        // The grid asks for its first rows in host order as soon as it is shown: read them now too.
        var firstRows = Parallel.start(() -> data.gpus(at, GpuSort.HOST, true, 0, FIRST_ROWS));
        try {
            FleetData.Overview headline = Parallel.join(overview);
            FleetSummary counted = headline.summary();
            HostUtilization hosts = Parallel.join(heatmap);
            Optional<String> problem = Optional.empty();
            if (counted.gpusReporting() == 0) {
                problem = Optional.of(hosts.totalHosts() == 0 ? NO_DATA
                        : "No GPU reported in the 5 minutes before " + window.to() + "; the charts show the range.");
            }
            return new FleetSnapshot(at, counted, headline.busiest(), headline.idlest(), headline.hottest(), hosts,
                    Parallel.join(bands), Parallel.join(totals), Parallel.join(markers), Parallel.join(eventCount),
                    Parallel.join(firstRows), problem);
        } catch (ClickHouseException e) {
            return FleetSnapshot.failed(at, explain(e));
        }
    }

    public FleetSnapshot load(TimeRange.Window window) {
        return load(window, 0);
    }

    /** One page of heatmap hosts; empty when ClickHouse fails (the next full load says why). */
    public HostUtilization utilization(TimeRange.Window window, int hostOffset) {
        try {
            return data.utilization(window, hostOffset, HostUtilization.PAGE_SIZE);
        } catch (ClickHouseException e) {
            return HostUtilization.NONE;
        }
    }

    /** One page of the GPU grid at {@code at}; an empty page when ClickHouse fails. */
    public Page<GpuStatus> gpus(Instant at, GpuSort sort, boolean ascending, int offset, int limit) {
        try {
            return data.gpus(at, sort, ascending, offset, limit);
        } catch (ClickHouseException e) {
            explain(e); // logged
            return new Page<>(List.of(), 0, offset, limit);
        }
    }

    private String explain(ClickHouseException e) {
        return Problems.explain(e, clickhouseUrl, "the fleet", NO_DATA);
    }
}
