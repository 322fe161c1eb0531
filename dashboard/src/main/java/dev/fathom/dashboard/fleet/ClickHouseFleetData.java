package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;

/**
 * {@link FleetData} over storage's {@link FleetQueries}, which answers from its pre-aggregates
 * ({@code gpu_latest}: one row per GPU; {@code host_1m}/{@code host_1h}: per-host steps), so no
 * query returns more rows than the page asks for.
 */
public class ClickHouseFleetData implements FleetData {

    private final FleetQueries queries;

    public ClickHouseFleetData(ClickHouseHttp clickhouse) {
        this.queries = new FleetQueries(clickhouse);
    }

    /** One query: storage merges {@code gpu_latest} once for the tiles and all three lists. */
    @Override
    public Overview overview(Instant at, int limit) {
        FleetQueries.FleetOverview o = queries.overview(at, FleetLoader.LOOKBACK, FleetQueries.HealthRules.DEFAULT, limit);
        FleetQueries.FleetSummary s = o.summary();
        return new Overview(new FleetSummary((int) s.gpus(), s.meanUtilization(), s.totalPowerWatts(), (int) s.unhealthy()),
                o.busiest(), o.idlest(), o.hottest());
    }

    @Override
    public Page<GpuStatus> gpus(Instant at, GpuSort sort, boolean ascending, int offset, int limit) {
        return queries.latestGpus(at, FleetLoader.LOOKBACK, storageSort(sort), ascending, offset, limit);
    }

    static FleetQueries.GpuSort storageSort(GpuSort sort) {
        return switch (sort) {
            case HOST -> FleetQueries.GpuSort.HOST;
            case UTILIZATION -> FleetQueries.GpuSort.UTILIZATION;
            case MEMORY -> FleetQueries.GpuSort.MEMORY_USED;
            case POWER -> FleetQueries.GpuSort.POWER;
            case TEMPERATURE -> FleetQueries.GpuSort.TEMPERATURE;
            case LAST_SEEN -> FleetQueries.GpuSort.LAST_SEEN;
        };
    }

    /**
     * The order storage sorts pages in, for GPUs already in memory (one host's on the node page):
     * the picked value with GPUs that never reported it last either way, ties by host and index.
     */
    static Comparator<GpuStatus> order(GpuSort sort, boolean ascending) {
        Comparator<GpuStatus> byHost = Comparator.comparing(GpuStatus::host)
                .thenComparingInt(g -> parseIndex(g.index())).thenComparing(GpuStatus::uuid);
        ToDoubleFunction<GpuStatus> value = switch (sort) {
            case HOST -> null;
            case UTILIZATION -> GpuStatus::utilization;
            case MEMORY -> GpuStatus::memoryUsedBytes;
            case POWER -> GpuStatus::powerWatts;
            case TEMPERATURE -> GpuStatus::temperatureCelsius;
            case LAST_SEEN -> g -> g.lastSeen().toEpochMilli();
        };
        if (value == null) {
            return ascending ? byHost : byHost.reversed();
        }
        Comparator<GpuStatus> byValue = Comparator.comparingDouble(value);
        return Comparator.<GpuStatus, Boolean>comparing(g -> Double.isNaN(value.applyAsDouble(g)))
                .thenComparing(ascending ? byValue : byValue.reversed()).thenComparing(byHost);
    }

    private static int parseIndex(String index) {
        try {
            return Integer.parseInt(index);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    @Override
    public HostUtilization utilization(TimeRange.Window window, int offset, int limit) {
        FleetQueries.HeatmapPage page = queries.heatmap(MetricNames.GPU_UTILIZATION, window.closed(), HostUtilization.step(window), offset, limit);
        if (page.hosts().isEmpty() && page.totalHosts() > 0 && offset > 0) {
            // Past the last page (an old link, a shrunk fleet): the last page.
            int last = (int) ((page.totalHosts() - 1) / limit * limit);
            page = queries.heatmap(MetricNames.GPU_UTILIZATION, window.closed(), HostUtilization.step(window), last, limit);
        }
        return new HostUtilization(page.hosts(), page.offset(), page.totalHosts(), page.cells());
    }
}
