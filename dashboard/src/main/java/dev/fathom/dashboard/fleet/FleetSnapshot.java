package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the fleet view shows at one moment: the GPUs' latest values, utilisation per host over the
 * chart window, and, when there is nothing to show, why.
 *
 * @param at when it was read; "last seen" ages are measured from here
 * @param gpus every GPU that reported within {@link FleetLoader#LOOKBACK}, by host then index
 * @param utilization mean utilisation (0..1) per host and step over {@link FleetLoader#CHART_WINDOW}
 * @param problem a sentence for the user when the data could not be read or there is none
 */
public record FleetSnapshot(Instant at, List<GpuStatus> gpus, List<SeriesPoint> utilization, Optional<String> problem) {

    public FleetSnapshot {
        gpus = List.copyOf(gpus);
        utilization = List.copyOf(utilization);
    }

    static FleetSnapshot failed(Instant at, String problem) {
        return new FleetSnapshot(at, List.of(), List.of(), Optional.of(problem));
    }

    public FleetSummary summary() {
        return FleetSummary.of(gpus);
    }
}
