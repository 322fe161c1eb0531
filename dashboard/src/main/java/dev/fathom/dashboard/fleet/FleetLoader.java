package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads one {@link FleetSnapshot} from ClickHouse. Never throws for a storage failure: the view
 * turns the problem into a sentence on the page, not a stack trace.
 */
public class FleetLoader {

    /** A GPU silent for longer than this before the range's end is no longer "reporting". */
    public static final Duration LOOKBACK = Duration.ofMinutes(5);
    static final int MAX_EVENTS = 500;

    static final String NO_DATA = "No GPU data yet: is the collector running?";

    private final FleetQueries queries;
    private final FleetTrends trends;
    private final String clickhouseUrl;

    /** @param clickhouseUrl named in the message when the server cannot be reached */
    public FleetLoader(FleetQueries queries, FleetTrends trends, String clickhouseUrl) {
        this.queries = queries;
        this.trends = trends;
        this.clickhouseUrl = clickhouseUrl;
    }

    public FleetSnapshot load(TimeRange.Window window) {
        try {
            List<GpuStatus> gpus = queries.latestGpus(window.to(), LOOKBACK);
            var utilization = queries.utilizationByHost(window.from(), window.to(), window.step());
            Optional<String> problem = Optional.empty();
            if (gpus.isEmpty()) {
                problem = Optional.of(utilization.isEmpty() ? NO_DATA
                        : "No GPU reported in the 5 minutes before " + window.to() + "; the charts show the range.");
            }
            return new FleetSnapshot(window.to(), gpus, utilization, trends.totals(window, window.step()),
                    trends.events(window, MAX_EVENTS), problem);
        } catch (ClickHouseException e) {
            return FleetSnapshot.failed(window.to(), Problems.explain(e, clickhouseUrl, "the fleet", NO_DATA));
        }
    }
}
