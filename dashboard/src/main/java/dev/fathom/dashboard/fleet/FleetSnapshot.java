package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the fleet view shows for one range: the GPUs' latest values at the range's end, utilisation
 * per host and fleet totals over the range, XID and throttling events, and, when there is nothing
 * to show, why.
 *
 * @param at the range's end; "last seen" ages are measured from here
 * @param gpus every GPU that reported within {@link FleetLoader#LOOKBACK} before {@code at}, by host then index
 * @param utilization mean utilisation (0..1) per host and step over the range
 * @param totals fleet power, memory and temperature per step ({@link FleetTrends#totals})
 * @param events XID errors and throttling in the range, newest first
 * @param problem a sentence for the user when the data could not be read or there is none
 */
public record FleetSnapshot(Instant at, List<GpuStatus> gpus, List<SeriesPoint> utilization, List<SeriesPoint> totals,
        List<GpuEvent> events, Optional<String> problem) {

    public FleetSnapshot {
        gpus = List.copyOf(gpus);
        utilization = List.copyOf(utilization);
        totals = List.copyOf(totals);
        events = List.copyOf(events);
    }

    static FleetSnapshot failed(Instant at, String problem) {
        return new FleetSnapshot(at, List.of(), List.of(), List.of(), List.of(), Optional.of(problem));
    }

    public FleetSummary summary() {
        return FleetSummary.of(gpus, events, at);
    }
}
