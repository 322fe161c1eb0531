package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/** {@link FleetData} over storage's {@link FleetQueries}. */
public class ClickHouseFleetData implements FleetData {

    private final FleetQueries queries;

    public ClickHouseFleetData(ClickHouseHttp clickhouse) {
        this.queries = new FleetQueries(clickhouse);
    }

    @Override
    public FleetSummary summary(Instant at, List<GpuEvent> events) {
        return FleetSummary.of(queries.latestGpus(at, FleetLoader.LOOKBACK), events, at);
    }

    @Override
    public List<GpuStatus> ranked(Instant at, FleetQueries.Ranking ranking, int limit) {
        return queries.ranked(at, FleetLoader.LOOKBACK, ranking, limit);
    }

    @Override
    public Page<GpuStatus> gpus(Instant at, GpuSort sort, boolean ascending, int offset, int limit) {
        List<GpuStatus> all = new ArrayList<>(queries.latestGpus(at, FleetLoader.LOOKBACK));
        all.sort(order(sort, ascending));
        int from = Math.min(offset, all.size());
        return new Page<>(List.copyOf(all.subList(from, Math.min(all.size(), from + limit))), all.size(), offset, limit);
    }

    /** Host and index order first; the picked value with GPUs that never reported it last either way. */
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
        List<SeriesPoint> points = queries.utilizationByHost(window.from(), window.to(), window.step());
        List<String> hosts = points.stream().map(SeriesPoint::series).distinct().sorted().toList();
        // Past the last page (an old link, a shrunk fleet): the last page.
        int from = offset < hosts.size() ? offset : Math.max(0, (hosts.size() - 1) / limit * limit);
        List<String> page = hosts.subList(from, Math.min(hosts.size(), from + limit));
        Set<String> onPage = Set.copyOf(page);
        return new HostUtilization(page, from, hosts.size(), points.stream().filter(p -> onPage.contains(p.series())).toList());
    }
}
