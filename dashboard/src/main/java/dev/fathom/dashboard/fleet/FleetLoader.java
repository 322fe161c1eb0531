package dev.fathom.dashboard.fleet;

import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one {@link FleetSnapshot} from ClickHouse. Never throws for a storage failure: the view
 * turns the problem into a sentence on the page, not a stack trace.
 */
public class FleetLoader {

    /** A GPU silent for longer than this is no longer "reporting". */
    public static final Duration LOOKBACK = Duration.ofMinutes(5);
    public static final Duration CHART_WINDOW = Duration.ofMinutes(15);
    public static final Duration CHART_STEP = Duration.ofSeconds(15);

    static final String NO_DATA = "No GPU data yet: is the collector running?";

    private static final Logger log = LoggerFactory.getLogger(FleetLoader.class);

    private final FleetQueries queries;
    private final String clickhouseUrl;
    private final Clock clock;

    /** @param clickhouseUrl named in the message when the server cannot be reached */
    public FleetLoader(FleetQueries queries, String clickhouseUrl, Clock clock) {
        this.queries = queries;
        this.clickhouseUrl = clickhouseUrl;
        this.clock = clock;
    }

    public FleetSnapshot load() {
        Instant now = clock.instant();
        try {
            List<GpuStatus> gpus = queries.latestGpus(now, LOOKBACK);
            List<SeriesPoint> utilization = queries.utilizationByHost(now.minus(CHART_WINDOW), now, CHART_STEP);
            return new FleetSnapshot(now, gpus, utilization, gpus.isEmpty() ? Optional.of(NO_DATA) : Optional.empty());
        } catch (ClickHouseException e) {
            return FleetSnapshot.failed(now, explain(e));
        }
    }

    private String explain(ClickHouseException e) {
        if (e.isUnreachable()) {
            log.debug("ClickHouse unreachable", e);
            return "ClickHouse at " + clickhouseUrl + " is unreachable: is it running? (set fathom.clickhouse.url)";
        }
        // No database or table yet: the stack has not written its first point.
        if (e.code() == ClickHouseException.UNKNOWN_DATABASE || e.code() == ClickHouseException.UNKNOWN_TABLE) {
            return NO_DATA;
        }
        String message = String.valueOf(e.getMessage());
        log.warn("fleet query failed: {}", message);
        return "ClickHouse could not answer the fleet query: " + firstLine(message);
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
