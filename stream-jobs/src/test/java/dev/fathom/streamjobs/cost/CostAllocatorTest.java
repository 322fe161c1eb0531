package dev.fathom.streamjobs.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerRow.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CostAllocatorTest {

    static final String H100 = "NVIDIA H100 80GB HBM3";
    static final PriceCatalogue CATALOGUE = PriceCatalogue.parse("test.yaml", """
            currency: USD
            periods:
              - effective_from: 2025-01-01
                gpu_hour:
                  - {model: "NVIDIA H100 80GB HBM3", on_demand: 4.50, reserved: 3.00}
                  - {model: default, on_demand: 1.00}
                energy_kwh: 0
                grid_carbon_gco2e_per_kwh: 400
              - effective_from: 2025-02-01T00:00:00Z
                gpu_hour:
                  - {model: "NVIDIA H100 80GB HBM3", on_demand: 6.00}
                  - {model: default, on_demand: 1.00}
                energy_kwh: 0.30
            """);
    static final OwnerMapping OWNERS = OwnerMapping.parse("owners.yaml", """
            owners:
              - match: {host: "pool-a-*"}
                team: platform
                cost_centre: CC-1
                tier: reserved
              - match: {namespace: "search"}
                team: search
                project: ranking
            """);
    static final CostAllocator ALLOCATOR = new CostAllocator(CATALOGUE, OWNERS);
    static final Instant JAN = Instant.parse("2025-01-15T10:00:00Z");

    static GpuMinute gpu(Instant minute, String host, List<GpuMinute.Usage> usages, double kwh) {
        return new GpuMinute(minute, "c1", host, "GPU-1", H100, "",
                Map.of("host.name", host, "gpu.uuid", "GPU-1"), usages, kwh);
    }

    static GpuMinute.Usage use(double util, Map<String, String> labels) {
        return new GpuMinute.Usage("", "", labels, util);
    }

    static Map<String, BigDecimal> byKindAndTeam(List<CostLedgerRow> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.kind().sqlName() + ":" + r.team(), CostLedgerRow::cost, BigDecimal::add));
    }

    @Test
    void usedCostFollowsMeasuredUtilisationAndIdleIsTheRest() {
        List<CostLedgerRow> rows = ALLOCATOR.allocate(gpu(JAN, "node-1", List.of(use(0.25, Map.of("team", "ml"))), 0));
        // 4.50 / 60 = 0.075 a minute: 25 % used by ml, the rest idle; no hardware owner, so ml holds the idle.
        assertThat(byKindAndTeam(rows)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "used:ml", new BigDecimal("0.018750000"), "idle:ml", new BigDecimal("0.056250000")));
        assertThat(rows).allSatisfy(r -> assertThat(r.priceTier()).isEqualTo("on_demand"));
    }

    @Test
    void theHardwareOwnerPaysIdleInItsTierAndAnUnlabelledIdleGpuIsUnallocated() {
        List<CostLedgerRow> pooled = ALLOCATOR.allocate(gpu(JAN, "pool-a-7", List.of(use(0.5, Map.of("k8s.namespace.name", "search"))), 0));
        // Reserved: 3.00 / 60 = 0.05; search used half, platform (hardware owner) holds the idle half.
        assertThat(byKindAndTeam(pooled)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "used:search", new BigDecimal("0.025000000"), "idle:platform", new BigDecimal("0.025000000")));

        List<CostLedgerRow> nobody = ALLOCATOR.allocate(gpu(JAN, "node-9", List.of(), 0));
        assertThat(byKindAndTeam(nobody)).containsExactlyInAnyOrderEntriesOf(Map.of("unallocated:", new BigDecimal("0.075000000")));
    }

    @Test
    void migInstancesArePricedByTheirSlicesAndUncarvedSlicesAreIdle() {
        GpuMinute m = new GpuMinute(JAN, "c1", "pool-a-1", "GPU-1", H100, "", Map.of("host.name", "pool-a-1"), List.of(
                new GpuMinute.Usage("1", "3g.40gb", Map.of("team", "a"), 1.0),
                new GpuMinute.Usage("2", "MIG 2g.20gb", Map.of("team", "b"), 0.5)), 0);
        List<CostLedgerRow> rows = ALLOCATOR.allocate(m);
        // Reserved 0.05 a minute in 7 slices: a's 3 slices fully used, b's 2 half used, 2 uncarved.
        Map<String, BigDecimal> byResource = rows.stream().collect(Collectors.toMap(
                r -> r.resourceId() + ":" + r.kind().sqlName() + ":" + r.team(), CostLedgerRow::cost, BigDecimal::add));
        assertThat(byResource).containsExactlyInAnyOrderEntriesOf(Map.of(
                "GPU-1/1:used:a", new BigDecimal("0.021428572"),
                "GPU-1/2:used:b", new BigDecimal("0.007142857"),
                "GPU-1/2:idle:platform", new BigDecimal("0.007142857"),
                "GPU-1:idle:platform", new BigDecimal("0.014285714")));
        assertThat(rows.stream().map(CostLedgerRow::cost).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("0.05");
        assertThat(rows).filteredOn(r -> r.resourceId().equals("GPU-1/1")).first()
                .satisfies(r -> assertThat(r.migProfile()).isEqualTo("3g.40gb"));
    }

    @Test
    void timeSlicedOwnersAreChargedByTheirOwnUseScaledWhenTheyOverlap() {
        List<CostLedgerRow> rows = ALLOCATOR.allocate(gpu(JAN, "node-2", List.of(
                use(0.9, Map.of("team", "x")), use(0.6, Map.of("team", "y"))), 0));
        // 1.5 in total is scaled to 1: x 60 %, y 40 %, nothing idle.
        assertThat(byKindAndTeam(rows)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "used:x", new BigDecimal("0.045000000"), "used:y", new BigDecimal("0.030000000")));
    }

    @Test
    void aNewPeriodChangesThePriceAndAddsEnergyAndCarbon() {
        Instant feb = Instant.parse("2025-02-01T00:00:00Z");
        List<CostLedgerRow> before = ALLOCATOR.allocate(gpu(feb.minusSeconds(60), "node-3", List.of(), 0.01));
        List<CostLedgerRow> after = ALLOCATOR.allocate(gpu(feb, "node-3", List.of(), 0.01));
        assertThat(before.get(0).cost()).isEqualByComparingTo("0.075");
        // 6.00 / 60 + 0.01 kWh x 0.30 = 0.103; the February period reports no carbon intensity.
        assertThat(after.get(0).cost()).isEqualByComparingTo("0.103");
        assertThat(before.get(0).co2eKg()).isEqualTo(0.004, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(after.get(0).co2eKg()).isZero();
        assertThat(after.get(0).kind()).isEqualTo(Kind.UNALLOCATED);
    }
}
