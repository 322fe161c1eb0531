package dev.fathom.streamjobs.cost;

import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerRow.Kind;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prices one GPU-minute and splits it into ledger rows whose costs sum exactly to it:
 * <ul>
 *   <li>allocated = GPU-hour price (by model or instance type, in the hardware's tier, in force that
 *       minute) / 60 + energy kWh x energy price, rounded HALF_EVEN to 9 decimals;</li>
 *   <li>MIG: each instance gets the share of its compute slices (3g.40gb = 3/7); slices not carved
 *       into instances are idle;</li>
 *   <li>within a GPU or instance, each owner's used cost is its share of measured utilisation
 *       (time-sliced owners by their own measured use, scaled down if they add up above 1); idle =
 *       allocated - used, never negative, charged to the hardware's owner (or, without one, to the
 *       owners who used it, evenly);</li>
 *   <li>cost nobody can be named for is 'unallocated', never dropped.</li>
 * </ul>
 * Every split goes through {@link Apportion}, so parts add up to the unit (1e-9).
 */
public final class CostAllocator implements Serializable {

    public static final String PRICING_UNIT = "GPU-Hour";
    private static final BigDecimal SIXTY = BigDecimal.valueOf(60);
    private static final Owner NOBODY = new Owner("", "", "");

    private final PriceCatalogue catalogue;
    private final OwnerMapping owners;

    public CostAllocator(PriceCatalogue catalogue, OwnerMapping owners) {
        this.catalogue = catalogue;
        this.owners = owners;
    }

    /** The whole GPU's cost that minute: what the ledger rows of {@link #allocate} sum to. */
    public BigDecimal allocatedCost(GpuMinute m) {
        return allocated(m, owners.tier(m.labels()));
    }

    private BigDecimal allocated(GpuMinute m, PriceCatalogue.Tier tier) {
        PriceCatalogue.GpuPrice price = catalogue.gpu(m.minute(), m.gpuModel(), m.instanceType());
        BigDecimal energy = catalogue.at(m.minute()).energyKwh().multiply(BigDecimal.valueOf(m.energyKwh()));
        return price.perGpuHour(tier).divide(SIXTY, 20, RoundingMode.HALF_EVEN).add(energy).setScale(9, RoundingMode.HALF_EVEN);
    }

    public List<CostLedgerRow> allocate(GpuMinute m) {
        PriceCatalogue.Tier tier = owners.tier(m.labels());
        PriceCatalogue.GpuPrice price = catalogue.gpu(m.minute(), m.gpuModel(), m.instanceType());
        Context ctx = new Context(m, tier, price, owners.hardwareOwner(m.labels()));
        BigDecimal allocated = allocated(m, tier);
        BigDecimal list = allocated(m, PriceCatalogue.Tier.ON_DEMAND);

        boolean mig = m.usages().stream().anyMatch(u -> !u.migInstance().isEmpty());
        if (!mig) {
            ctx.resource("gpu", m.gpuUuid(), "", 1.0, allocated, list, m.usages());
        } else {
            // One resource per MIG instance, sized by its compute slices; uncarved slices are idle.
            Map<String, List<GpuMinute.Usage>> instances = new LinkedHashMap<>();
            Map<String, String> profiles = new LinkedHashMap<>();
            m.usages().stream().filter(u -> !u.migInstance().isEmpty())
                    .sorted(java.util.Comparator.comparing(GpuMinute.Usage::migInstance))
                    .forEach(u -> {
                        instances.computeIfAbsent(u.migInstance(), k -> new ArrayList<>()).add(u);
                        profiles.putIfAbsent(u.migInstance(), u.migProfile());
                    });
            List<Double> weights = new ArrayList<>();
            int carved = 0;
            for (String instance : instances.keySet()) {
                int slices = MigProfile.slices(profiles.get(instance));
                carved += slices;
                weights.add((double) slices);
            }
            weights.add((double) Math.max(0, price.migSlices() - carved));
            double total = weights.stream().mapToDouble(Double::doubleValue).sum();
            List<BigDecimal> parts = Apportion.split(allocated, weights);
            List<BigDecimal> listParts = Apportion.split(list, weights);
            int i = 0;
            for (Map.Entry<String, List<GpuMinute.Usage>> e : instances.entrySet()) {
                ctx.resource("mig", m.gpuUuid() + "/" + e.getKey(), profiles.get(e.getKey()), weights.get(i) / total,
                        parts.get(i), listParts.get(i), e.getValue());
                i++;
            }
            ctx.resource("gpu", m.gpuUuid(), "", weights.get(i) / total, parts.get(i), listParts.get(i), List.of());
        }
        return ctx.merged();
    }

    /** Builds the rows of one GPU-minute; rows with the same ledger key are merged. */
    private final class Context {
        final GpuMinute m;
        final PriceCatalogue.Tier tier;
        final PriceCatalogue.GpuPrice price;
        final Owner hardwareOwner;
        final double carbon;
        final Map<String, CostLedgerRow> rows = new LinkedHashMap<>();

        Context(GpuMinute m, PriceCatalogue.Tier tier, PriceCatalogue.GpuPrice price, Owner hardwareOwner) {
            this.m = m;
            this.tier = tier;
            this.price = price;
            this.hardwareOwner = hardwareOwner;
            this.carbon = catalogue.at(m.minute()).gridCarbonGramsPerKwh();
        }

        /** Splits one resource's cost (a whole GPU, a MIG instance, or uncarved slices) by use. */
        void resource(String type, String id, String profile, double gpuShare, BigDecimal cost, BigDecimal list,
                      List<GpuMinute.Usage> usages) {
            Map<Owner, Double> use = new LinkedHashMap<>();
            for (GpuMinute.Usage u : usages) {
                double util = Double.isFinite(u.utilisation()) ? Math.max(0, Math.min(1, u.utilisation())) : 0;
                use.merge(owners.workloadOwner(u.labels()), util, Double::sum);
            }
            double used = use.values().stream().mapToDouble(Double::doubleValue).sum();
            if (used > 1) {
                double scale = 1 / used;
                use.replaceAll((o, u) -> u * scale);
                used = 1;
            }
            List<Owner> order = new ArrayList<>(use.keySet());
            List<Double> weights = new ArrayList<>(use.values());
            weights.add(Math.max(0, 1 - used));
            List<BigDecimal> costs = Apportion.split(cost, weights);
            List<BigDecimal> lists = Apportion.split(list, weights);
            for (int i = 0; i < order.size(); i++) {
                Owner o = order.get(i);
                add(type, id, profile, o.isKnown() ? Kind.USED : Kind.UNALLOCATED, o, gpuShare * weights.get(i),
                        gpuShare * weights.get(i), costs.get(i), lists.get(i));
            }
            int idle = order.size();
            BigDecimal idleCost = costs.get(idle);
            BigDecimal idleList = lists.get(idle);
            double idleShare = gpuShare * weights.get(idle);
            List<Owner> users = order.stream().filter(Owner::isKnown).toList();
            if (hardwareOwner.isKnown()) {
                add(type, id, profile, Kind.IDLE, hardwareOwner, idleShare, 0, idleCost, idleList);
            } else if (!users.isEmpty()) {
                List<Double> even = users.stream().map(u -> 1.0).toList();
                List<BigDecimal> idleCosts = Apportion.split(idleCost, even);
                List<BigDecimal> idleLists = Apportion.split(idleList, even);
                for (int i = 0; i < users.size(); i++) {
                    add(type, id, profile, Kind.IDLE, users.get(i), idleShare / users.size(), 0, idleCosts.get(i), idleLists.get(i));
                }
            } else {
                add(type, id, profile, Kind.UNALLOCATED, NOBODY, idleShare, 0, idleCost, idleList);
            }
        }

        private void add(String type, String id, String profile, Kind kind, Owner owner, double gpuShare, double usedShare,
                         BigDecimal cost, BigDecimal list) {
            if (cost.signum() == 0 && gpuShare == 0) {
                return;
            }
            double kwh = m.energyKwh() * gpuShare;
            CostLedgerRow row = new CostLedgerRow(m.minute(), m.cluster(), m.host(), type, id, m.gpuModel(), profile, kind,
                    owner.team(), owner.project(), owner.costCentre(), tier.key(),
                    price.instanceType().isEmpty() ? price.model() : price.instanceType(), "", catalogue.currency(),
                    gpuShare / 60, PRICING_UNIT, gpuShare / 60, usedShare / 60, list, cost, kwh, kwh * carbon / 1000, 1);
            String key = String.join("\u0000", type, id, kind.name(), owner.team(), owner.project(), owner.costCentre());
            rows.merge(key, row, (a, b) -> new CostLedgerRow(a.minute(), a.cluster(), a.host(), a.resourceType(), a.resourceId(),
                    a.gpuModel(), a.migProfile(), a.kind(), a.team(), a.project(), a.costCentre(), a.priceTier(), a.sku(), a.region(),
                    a.currency(), a.quantity() + b.quantity(), a.pricingUnit(), a.gpuHoursAllocated() + b.gpuHoursAllocated(),
                    a.gpuHoursUsed() + b.gpuHoursUsed(), a.listCost().add(b.listCost()), a.cost().add(b.cost()),
                    a.energyKwh() + b.energyKwh(), a.co2eKg() + b.co2eKg(), a.version()));
        }

        List<CostLedgerRow> merged() {
            return List.copyOf(rows.values());
        }
    }
}
