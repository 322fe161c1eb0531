package dev.fathom.storage.write;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of {@code cost_ledger} (schema 010): what one resource cost one owner in one minute.
 * Money is exact ({@link BigDecimal}, at most 9 decimals).
 */
public record CostLedgerRow(
        Instant minute,
        String cluster,
        String host,
        String resourceType,
        String resourceId,
        String gpuModel,
        String migProfile,
        Kind kind,
        String team,
        String project,
        String costCentre,
        String priceTier,
        String sku,
        String region,
        String currency,
        double quantity,
        String pricingUnit,
        double gpuHoursAllocated,
        double gpuHoursUsed,
        BigDecimal listCost,
        BigDecimal cost,
        double energyKwh,
        double co2eKg,
        long version) {

    /** The ledger's kinds, with the Enum8 codes of the column. */
    public enum Kind {
        USED(1), IDLE(2), UNALLOCATED(3);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        public String sqlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public CostLedgerRow {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(listCost, "listCost");
        Objects.requireNonNull(cost, "cost");
    }

    /** The format, with the sink's batch id in every row (0: no batch). */
    public static RowFormat<CostLedgerRow> format(long batchId) {
        return new RowFormat<>() {
            @Override
            public String table() {
                return "cost_ledger";
            }

            @Override
            public List<String> columns() {
                return List.of("minute", "cluster", "host", "resource_type", "resource_id", "gpu_model", "mig_profile", "kind",
                        "team", "project", "cost_centre", "price_tier", "sku", "region", "currency", "quantity", "pricing_unit",
                        "gpu_hours_allocated", "gpu_hours_used", "list_cost", "cost", "energy_kwh", "co2e_kg", "version", "batch_id");
            }

            @Override
            public int estimatedRowBytes() {
                return 256;
            }

            @Override
            public void write(CostLedgerRow r, RowBinaryOutput out) {
                out.dateTime(r.minute().getEpochSecond()).string(r.cluster()).string(r.host()).string(r.resourceType())
                        .string(r.resourceId()).string(r.gpuModel()).string(r.migProfile()).int8(r.kind().code)
                        .string(r.team()).string(r.project()).string(r.costCentre()).string(r.priceTier()).string(r.sku())
                        .string(r.region()).string(r.currency()).float64(r.quantity()).string(r.pricingUnit())
                        .float64(r.gpuHoursAllocated()).float64(r.gpuHoursUsed()).decimal64(r.listCost(), 9)
                        .decimal64(r.cost(), 9).float64(r.energyKwh()).float64(r.co2eKg()).int64(r.version()).int64(batchId);
            }
        };
    }
}
