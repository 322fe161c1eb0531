package dev.fathom.dashboard.slo;

import java.time.Instant;
import java.util.List;

/**
 * One SLO's latest evaluation from slo_status. Burn rates are multiples of the rate that spends
 * the budget exactly over the SLO window; the SRE workbook pages on 1h with 5m and 6h with 30m,
 * and tickets on 1d with 2h and 3d with 6h.
 *
 * @param budgetRemaining fraction of the error budget left (1 untouched, below 0 blown)
 * @param firing names of the burn-rate alerts firing at that evaluation
 */
public record SloStatus(String slo, String service, String team, double objective, long windowSeconds, double sli,
        double budgetRemaining, double burn5m, double burn30m, double burn1h, double burn2h, double burn6h, double burn1d,
        double burn3d, List<String> firing, Instant evaluated) {

    public SloStatus {
        firing = List.copyOf(firing);
    }
}
