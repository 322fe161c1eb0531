package dev.fathom.storage.chargeback;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an export wrote and whether it adds up: per currency, the sum of the file's BilledCost and
 * the ledger's own total over the same period and team.
 */
public record ChargebackSummary(long rows, Map<String, BigDecimal> billedTotals, Map<String, BigDecimal> ledgerTotals) {

    public ChargebackSummary {
        billedTotals = Map.copyOf(billedTotals);
        ledgerTotals = Map.copyOf(ledgerTotals);
    }

    /** True when every currency's file total equals the ledger's exactly. */
    public boolean reconciled() {
        if (!billedTotals.keySet().equals(ledgerTotals.keySet())) {
            return false;
        }
        return billedTotals.entrySet().stream().allMatch(e -> e.getValue().compareTo(ledgerTotals.get(e.getKey())) == 0);
    }

    /** One line for an operator, e.g. "1,204 rows; BilledCost 1234.56 USD = ledger 1234.56 USD (reconciled)". */
    public String describe() {
        String totals = ledgerTotals.keySet().stream().sorted().map(currency -> "BilledCost "
                + FocusRowMapper.money(billedTotals.getOrDefault(currency, BigDecimal.ZERO)) + " " + currency
                + (reconciledIn(currency) ? " = " : " != ") + "ledger " + FocusRowMapper.money(ledgerTotals.get(currency)) + " " + currency)
                .collect(Collectors.joining("; "));
        return String.format("%,d rows; %s (%s)", rows, totals.isEmpty() ? "no cost in the period" : totals,
                reconciled() ? "reconciled" : "NOT RECONCILED");
    }

    private boolean reconciledIn(String currency) {
        BigDecimal billed = billedTotals.get(currency);
        return billed != null && billed.compareTo(ledgerTotals.get(currency)) == 0;
    }
}
