package dev.fathom.storage.chargeback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one ledger slice into one FOCUS row, following the specification's rules: Usage
 * charges, ISO 8601 UTC periods, billing periods as calendar months, and the cost relations
 * ListCost (on-demand price) >= ContractedCost = EffectiveCost = BilledCost (the tier actually paid).
 */
final class FocusRowMapper {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);
    /** Quantities are measurements, not money: six decimals is finer than any meter here. */
    private static final int QUANTITY_SCALE = 6;

    private final BillingIdentity identity;

    FocusRowMapper(BillingIdentity identity) {
        this.identity = identity;
    }

    List<String> map(LedgerGroup g) {
        List<String> row = new ArrayList<>(FocusColumns.ALL.size());
        ZonedDateTime start = g.periodStart().atZone(ZoneOffset.UTC);
        Instant billingStart = start.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant billingEnd = start.withDayOfMonth(1).plusMonths(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        String cost = money(g.cost());
        for (FocusColumn column : FocusColumns.ALL) {
            row.add(switch (column.name()) {
                case "BilledCost", "ContractedCost", "EffectiveCost" -> cost;
                case "BillingAccountId" -> identity.billingAccountId();
                case "BillingAccountName" -> identity.billingAccountName();
                case "BillingCurrency" -> g.currency();
                case "BillingPeriodEnd" -> ISO.format(billingEnd.atZone(ZoneOffset.UTC));
                case "BillingPeriodStart" -> ISO.format(billingStart.atZone(ZoneOffset.UTC));
                case "ChargeCategory" -> "Usage";
                case "ChargeClass" -> ""; // only corrections carry a ChargeClass
                case "ChargeDescription" -> description(g);
                case "ChargePeriodEnd" -> ISO.format(g.periodEnd().atZone(ZoneOffset.UTC));
                case "ChargePeriodStart" -> ISO.format(start);
                case "InvoiceIssuerName" -> identity.invoiceIssuerName();
                case "ListCost" -> money(g.listCost().max(g.cost()));
                case "PricingQuantity" -> quantity(g.quantity());
                case "PricingUnit" -> g.pricingUnit().isEmpty() ? "Hours" : g.pricingUnit();
                case "ProviderName" -> identity.providerName();
                case "PublisherName" -> identity.publisherName();
                case "ServiceCategory" -> serviceCategory(g.resourceType());
                case "ServiceName" -> serviceName(g.resourceType());
                case "PricingCategory" -> pricingCategory(g.priceTier());
                case "RegionId" -> g.region();
                case "ResourceId" -> g.resourceId();
                case "ResourceName" -> resourceName(g);
                case "ResourceType" -> g.resourceId().isEmpty() ? "" : resourceType(g);
                case "SkuId" -> g.sku();
                case "Tags" -> tags(g);
                case "x_ChargeKind" -> g.kind();
                case "x_GpuHoursAllocated" -> quantity(g.gpuHoursAllocated());
                case "x_GpuHoursUsed" -> quantity(g.gpuHoursUsed());
                case "x_IdleCost" -> "idle".equals(g.kind()) ? cost : "0";
                case "x_MigProfile" -> g.migProfile();
                case "x_EnergyKwh" -> quantity(g.energyKwh());
                case "x_Co2eKg" -> quantity(g.co2eKg());
                default -> throw new IllegalStateException("no value rule for column " + column.name());
            });
        }
        return row;
    }

    /** Exact: the ledger's Decimal as summed, without trailing zeros. */
    static String money(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
    }

    static String quantity(double value) {
        if (!Double.isFinite(value)) {
            return "0";
        }
        return money(BigDecimal.valueOf(value).setScale(QUANTITY_SCALE, RoundingMode.HALF_EVEN));
    }

    private static String description(LedgerGroup g) {
        String what = switch (g.resourceType()) {
            case "gpu" -> "GPU" + (g.gpuModel().isEmpty() ? "" : " " + g.gpuModel()) + (g.migProfile().isEmpty() ? "" : " MIG " + g.migProfile());
            case "storage" -> "Storage";
            case "network" -> "Network egress";
            case "energy" -> "Energy";
            default -> g.resourceType().isEmpty() ? "Resource" : g.resourceType();
        };
        return switch (g.kind()) {
            case "used" -> what + " used by " + owner(g);
            case "idle" -> what + " allocated but idle" + (owner(g).equals("no owner") ? "" : ", held by " + owner(g));
            case "unallocated" -> what + " cost with no owner (unallocated)";
            default -> what + " (" + g.kind() + ")";
        };
    }

    private static String owner(LedgerGroup g) {
        if (!g.team().isEmpty()) {
            return "team " + g.team() + (g.project().isEmpty() ? "" : ", project " + g.project());
        }
        if (!g.costCentre().isEmpty()) {
            return "cost centre " + g.costCentre();
        }
        return "no owner";
    }

    private static String serviceCategory(String resourceType) {
        return switch (resourceType) {
            case "gpu" -> "AI and Machine Learning";
            case "storage" -> "Storage";
            case "network" -> "Networking";
            default -> "Other";
        };
    }

    private static String serviceName(String resourceType) {
        return switch (resourceType) {
            case "gpu" -> "GPU Compute";
            case "storage" -> "Storage";
            case "network" -> "Network";
            case "energy" -> "Energy";
            default -> resourceType.isEmpty() ? "Other" : resourceType;
        };
    }

    /** FOCUS PricingCategory: on-demand is Standard, spot is Dynamic, reserved and committed are Committed. */
    private static String pricingCategory(String tier) {
        return switch (tier.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "on_demand", "ondemand", "" -> "Standard";
            case "spot", "preemptible" -> "Dynamic";
            case "reserved", "committed" -> "Committed";
            default -> "Other";
        };
    }

    private static String resourceName(LedgerGroup g) {
        if (g.resourceId().isEmpty()) {
            return "";
        }
        return g.host().isEmpty() ? g.resourceId() : g.host() + "/" + g.resourceId();
    }

    private static String resourceType(LedgerGroup g) {
        return switch (g.resourceType()) {
            case "gpu" -> g.migProfile().isEmpty() ? "GPU" : "MIG instance";
            default -> g.resourceType();
        };
    }

    private static String tags(LedgerGroup g) {
        ObjectNode tags = JSON.createObjectNode();
        if (!g.team().isEmpty()) {
            tags.put("team", g.team());
        }
        if (!g.project().isEmpty()) {
            tags.put("project", g.project());
        }
        if (!g.costCentre().isEmpty()) {
            tags.put("cost_centre", g.costCentre());
        }
        if (!g.cluster().isEmpty()) {
            tags.put("cluster", g.cluster());
        }
        return tags.isEmpty() ? "" : tags.toString();
    }
}
