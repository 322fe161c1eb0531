package dev.fathom.dashboard.cost;

import java.math.BigDecimal;

/**
 * One owner's cost over a period. Money is exact (BigDecimal from the ledger's Decimal).
 *
 * @param owner the team, project or cost centre; empty for cost no owner could be found for
 * @param used cost of measured use
 * @param idle allocated but unused cost (never negative in the ledger)
 * @param unallocated cost with no owner (only on the empty owner's row)
 * @param previous what the same owner's allocated cost was over the previous period of equal length
 */
public record CostRow(
        String owner,
        String currency,
        BigDecimal used,
        BigDecimal idle,
        BigDecimal unallocated,
        double gpuHoursAllocated,
        double gpuHoursUsed,
        double energyKwh,
        double co2eKg,
        BigDecimal previous) {

    public static final String UNALLOCATED = "(unallocated)";

    /** Everything this owner is charged for: used + idle (+ unallocated for the empty owner). */
    public BigDecimal allocated() {
        return used.add(idle).add(unallocated);
    }

    /** The owner as shown: "(unallocated)" for the empty owner. */
    public String ownerLabel() {
        return owner.isEmpty() ? UNALLOCATED : owner;
    }

    public CostRow withPrevious(BigDecimal previousAllocated) {
        return new CostRow(owner, currency, used, idle, unallocated, gpuHoursAllocated, gpuHoursUsed, energyKwh, co2eKg, previousAllocated);
    }
}
