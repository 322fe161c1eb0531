package dev.fathom.storage.chargeback;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One aggregated slice of the cost ledger: a charge period and the owner, resource and kind it
 * was grouped by, with exact money and summed quantities. Fields not part of the grouping are "".
 */
public record LedgerGroup(
        Instant periodStart,
        Instant periodEnd,
        String kind,
        String currency,
        String priceTier,
        String resourceType,
        String pricingUnit,
        String team,
        String project,
        String costCentre,
        String cluster,
        String host,
        String resourceId,
        String gpuModel,
        String migProfile,
        String sku,
        String region,
        BigDecimal cost,
        BigDecimal listCost,
        double quantity,
        double gpuHoursAllocated,
        double gpuHoursUsed,
        double energyKwh,
        double co2eKg) {}
