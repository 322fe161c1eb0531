package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the fleet view shows for one range, apart from the GPU grid's rows (read a page at a time
 * through {@link FleetLoader#gpus}): headline numbers, the ranked lists, one page of heatmap hosts,
 * fleet totals over the range, XID and throttling events, and, when there is nothing to show, why.
 *
 * @param at the range's end; "last seen" ages are measured from here
 * @param summary counts, means and health of the GPUs reporting within {@link FleetLoader#LOOKBACK} before {@code at}
 * @param busiest highest utilisation first, at most {@link GpuList#SIZE}
 * @param idlest lowest utilisation first
 * @param hottest highest temperature first
 * @param heatmap mean utilisation per step of one page of hosts
 * @param bands how much of the fleet ran in each 10 % utilisation band, per step
 * @param totals fleet power, memory and temperature per step ({@link FleetTrends#totals})
 * @param markers XID errors and throttling per GPU and step in the range
 * @param eventCount XID and throttling samples in the range
 * @param firstRows the grid's first rows in host order, read with the rest (the grid asks for them at once)
 * @param problem a sentence for the user when the data could not be read or there is none
 */
public record FleetSnapshot(Instant at, FleetSummary summary, List<GpuStatus> busiest, List<GpuStatus> idlest, List<GpuStatus> hottest,
        HostUtilization heatmap, List<FleetQueries.UtilizationBand> bands, List<SeriesPoint> totals, List<GpuEvent> markers,
        long eventCount, Page<GpuStatus> firstRows, Optional<String> problem) {

    public FleetSnapshot {
        busiest = List.copyOf(busiest);
        idlest = List.copyOf(idlest);
        hottest = List.copyOf(hottest);
        bands = List.copyOf(bands);
        totals = List.copyOf(totals);
        markers = List.copyOf(markers);
    }

    /**
     * The rows of a page from {@link #firstRows} when it holds them (host order, within the first
     * rows read), else empty: the view then reads the page from ClickHouse.
     */
    public Optional<Page<GpuStatus>> cachedPage(GpuSort sort, boolean ascending, int offset, int limit) {
        if (sort != GpuSort.HOST || !ascending || offset + limit > firstRows.offset() + firstRows.rows().size()
                && firstRows.rows().size() < firstRows.total()) {
            return Optional.empty();
        }
        List<GpuStatus> rows = firstRows.rows();
        int from = Math.min(offset, rows.size());
        return Optional.of(new Page<>(rows.subList(from, Math.min(rows.size(), offset + limit)), firstRows.total(), offset, limit));
    }

    static FleetSnapshot failed(Instant at, String problem) {
        return new FleetSnapshot(at, FleetSummary.NONE, List.of(), List.of(), List.of(), HostUtilization.NONE, List.of(), List.of(),
                List.of(), 0, new Page<>(List.of(), 0, 0, 1), Optional.of(problem));
    }
}
