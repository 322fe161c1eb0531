package dev.fathom.storage.write;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code slo_status} (schema 011): an SLO's state at one evaluation. Burn rates are
 * multiples of the budget-exact rate; {@code firing} names the burn-rate alerts firing.
 */
public record SloStatusRow(
        Instant time,
        String slo,
        String service,
        String team,
        double objective,
        long windowSeconds,
        double good,
        double total,
        double sli,
        double budgetRemaining,
        double burnRate5m,
        double burnRate30m,
        double burnRate1h,
        double burnRate2h,
        double burnRate6h,
        double burnRate1d,
        double burnRate3d,
        List<String> firing,
        long version) {

    public SloStatusRow {
        firing = List.copyOf(firing);
    }

    public static final RowFormat<SloStatusRow> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "slo_status";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "slo", "service", "team", "objective", "window_seconds", "good", "total", "sli", "budget_remaining",
                    "burn_rate_5m", "burn_rate_30m", "burn_rate_1h", "burn_rate_2h", "burn_rate_6h", "burn_rate_1d", "burn_rate_3d",
                    "firing", "version");
        }

        @Override
        public void write(SloStatusRow r, RowBinaryOutput out) {
            out.dateTime(r.time().getEpochSecond()).string(r.slo()).string(r.service()).string(r.team()).float64(r.objective())
                    .uint32(r.windowSeconds()).float64(r.good()).float64(r.total()).float64(r.sli()).float64(r.budgetRemaining())
                    .float64(r.burnRate5m()).float64(r.burnRate30m()).float64(r.burnRate1h()).float64(r.burnRate2h())
                    .float64(r.burnRate6h()).float64(r.burnRate1d()).float64(r.burnRate3d()).stringArray(r.firing()).int64(r.version());
        }
    };
}
