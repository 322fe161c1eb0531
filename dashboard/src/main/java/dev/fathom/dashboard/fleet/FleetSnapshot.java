package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
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
 * @param problem a sentence for the user when the data could not be read or there is none
 */
public record FleetSnapshot(Instant at, FleetSummary summary, List<GpuStatus> busiest, List<GpuStatus> idlest, List<GpuStatus> hottest,
        HostUtilization heatmap, List<FleetQueries.UtilizationBand> bands, List<SeriesPoint> totals, List<GpuEvent> markers,
        long eventCount, Optional<String> problem) {

    public FleetSnapshot {
        busiest = List.copyOf(busiest);
        idlest = List.copyOf(idlest);
        hottest = List.copyOf(hottest);
        bands = List.copyOf(bands);
        totals = List.copyOf(totals);
        markers = List.copyOf(markers);
    }

    static FleetSnapshot failed(Instant at, String problem) {
        return new FleetSnapshot(at, FleetSummary.NONE, List.of(), List.of(), List.of(), HostUtilization.NONE, List.of(), List.of(),
                List.of(), 0, Optional.of(problem));
    }
}
