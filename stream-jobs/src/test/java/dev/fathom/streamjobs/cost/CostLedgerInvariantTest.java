package dev.fathom.streamjobs.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerRow.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ledger's invariant over generated fleets: for any period, the sum over teams + idle +
 * unallocated equals the fleet's cost exactly (so to the cent), per month too. Fleets mix MIG GPUs,
 * idle GPUs, time-sliced GPUs, unlabelled hosts, owner rules, tiers, instance-type prices, a price
 * change at a random minute and a month boundary. The fleet cost is computed here from the test's
 * own price table, not by the allocator.
 */
class CostLedgerInvariantTest {

    static final Instant START = Instant.parse("2025-01-31T23:00:00Z");
    static final int MINUTES = 120;
    static final String[] MODELS = {"NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB", "Tesla T4"};
    static final String[] PROFILES = {"1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb"};

    /** Prices per hour by model (index) and tier, in each of the two periods. */
    record Prices(BigDecimal[][] gpu, BigDecimal p4d, BigDecimal energy) {}

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233})
    void teamsPlusIdlePlusUnallocatedIsTheFleetCostToTheCent(long seed) {
        Random random = new Random(seed);
        Prices[] prices = {randomPrices(random), randomPrices(random)};
        Instant change = START.plusSeconds(60L * (1 + random.nextInt(MINUTES - 2)));
        PriceCatalogue catalogue = PriceCatalogue.parse("generated.yaml", "currency: EUR\nperiods:\n"
                + period("2024-06-01T00:00:00Z", prices[0]) + period(change.toString(), prices[1]));
        OwnerMapping owners = OwnerMapping.parse("owners.yaml", """
                owners:
                  - {match: {namespace: "ns-a*"}, team: alpha, project: p1}
                  - {match: {namespace: "ns-b*"}, team: beta, cost_centre: CC-9}
                  - {match: {host: "pool-r-*"}, team: platform, tier: reserved}
                  - {match: {host: "pool-s-*"}, team: batch, tier: spot}
                """);
        CostAllocator allocator = new CostAllocator(catalogue, owners);

        List<GpuMinute> fleet = randomFleet(random);
        Map<Integer, BigDecimal> expectedByMonth = new HashMap<>();
        Map<Integer, BigDecimal> ledgerByMonth = new HashMap<>();
        Map<String, BigDecimal> byTeam = new HashMap<>();
        BigDecimal idle = BigDecimal.ZERO;
        BigDecimal unallocated = BigDecimal.ZERO;
        BigDecimal fleetCost = BigDecimal.ZERO;
        for (GpuMinute m : fleet) {
            Prices p = m.minute().isBefore(change) ? prices[0] : prices[1];
            BigDecimal expected = expectedCost(m, p);
            fleetCost = fleetCost.add(expected);
            int month = m.minute().atZone(ZoneOffset.UTC).getMonthValue();
            expectedByMonth.merge(month, expected, BigDecimal::add);

            List<CostLedgerRow> rows = allocator.allocate(m);
            Set<String> keys = new HashSet<>();
            for (CostLedgerRow r : rows) {
                assertThat(r.cost().signum()).as("no negative cost: %s", r).isGreaterThanOrEqualTo(0);
                assertThat(keys.add(r.resourceType() + r.resourceId() + r.kind() + r.team() + r.project() + r.costCentre()))
                        .as("ledger keys are unique, or ReplacingMergeTree would collapse rows: %s", r).isTrue();
                ledgerByMonth.merge(month, r.cost(), BigDecimal::add);
                switch (r.kind()) {
                    case USED -> {
                        assertThat(r.team() + r.project() + r.costCentre()).isNotEmpty();
                        byTeam.merge(r.team(), r.cost(), BigDecimal::add);
                    }
                    case IDLE -> idle = idle.add(r.cost());
                    case UNALLOCATED -> {
                        assertThat(r.team() + r.project() + r.costCentre()).isEmpty();
                        unallocated = unallocated.add(r.cost());
                    }
                }
            }
        }
        BigDecimal teams = byTeam.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(cents(teams.add(idle).add(unallocated))).isEqualTo(cents(fleetCost));
        assertThat(teams.add(idle).add(unallocated)).isEqualByComparingTo(fleetCost);
        assertThat(ledgerByMonth.keySet()).containsExactlyInAnyOrder(1, 2);
        ledgerByMonth.forEach((month, sum) -> assertThat(sum).as("month %d", month).isEqualByComparingTo(expectedByMonth.get(month)));
        assertThat(idle.signum()).isPositive();
        assertThat(unallocated.signum()).isPositive();
    }

    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    static BigDecimal expectedCost(GpuMinute m, Prices p) {
        int model = java.util.Arrays.asList(MODELS).indexOf(m.gpuModel());
        int tier = m.host().startsWith("pool-r-") ? 1 : m.host().startsWith("pool-s-") ? 2 : 0;
        BigDecimal hourly = m.instanceType().equals("p4d.24xlarge")
                ? p.p4d().divide(BigDecimal.valueOf(8), 12, RoundingMode.HALF_EVEN)
                : p.gpu()[model == 2 ? 3 : model][model == 2 ? 0 : tier];
        return hourly.divide(BigDecimal.valueOf(60), 20, RoundingMode.HALF_EVEN)
                .add(p.energy().multiply(BigDecimal.valueOf(m.energyKwh()))).setScale(9, RoundingMode.HALF_EVEN);
    }

    static Prices randomPrices(Random random) {
        BigDecimal[][] gpu = new BigDecimal[4][3];
        for (int i = 0; i < 4; i++) {
            for (int t = 0; t < 3; t++) {
                gpu[i][t] = BigDecimal.valueOf(50 + random.nextInt(600), 2).add(BigDecimal.valueOf(random.nextInt(10_000), 6));
            }
        }
        return new Prices(gpu, BigDecimal.valueOf(1000 + random.nextInt(4000), 2), BigDecimal.valueOf(random.nextInt(40), 2));
    }

    static String period(String from, Prices p) {
        StringBuilder y = new StringBuilder("  - effective_from: " + from + "\n    gpu_hour:\n");
        for (int i = 0; i < 2; i++) {
            y.append("      - {model: \"").append(MODELS[i]).append("\", on_demand: ").append(p.gpu()[i][0].toPlainString())
                    .append(", reserved: ").append(p.gpu()[i][1].toPlainString()).append(", spot: ").append(p.gpu()[i][2].toPlainString()).append("}\n");
        }
        y.append("      - {instance_type: p4d.24xlarge, gpus: 8, on_demand: ").append(p.p4d().toPlainString())
                .append(", reserved: ").append(p.p4d().toPlainString()).append(", spot: ").append(p.p4d().toPlainString()).append("}\n");
        y.append("      - {model: default, on_demand: ").append(p.gpu()[3][0].toPlainString()).append("}\n");
        y.append("    energy_kwh: ").append(p.energy().toPlainString()).append("\n    grid_carbon_gco2e_per_kwh: 350\n");
        return y.toString();
    }

    static List<GpuMinute> randomFleet(Random random) {
        String[] hostPrefixes = {"pool-r-", "pool-s-", "node-", "unlabelled-"};
        List<GpuMinute> out = new ArrayList<>();
        int hosts = 3 + random.nextInt(4);
        for (int h = 0; h < hosts; h++) {
            String host = hostPrefixes[h % hostPrefixes.length] + h;
            boolean p4d = random.nextInt(4) == 0;
            int gpus = 1 + random.nextInt(3);
            for (int g = 0; g < gpus; g++) {
                String model = MODELS[random.nextInt(MODELS.length)];
                String uuid = "GPU-" + h + "-" + g;
                int scenario = random.nextInt(6);
                List<GpuMinute.Usage> migLayout = scenario == 5 ? randomMig(random) : List.of();
                for (int minute = 0; minute < MINUTES; minute++) {
                    if (random.nextInt(20) == 0) {
                        continue; // not reported this minute
                    }
                    Instant t = START.plusSeconds(60L * minute);
                    List<GpuMinute.Usage> usages = switch (scenario) {
                        case 0 -> List.of(); // idle, nothing running
                        case 1 -> List.of(new GpuMinute.Usage("", "", Map.of("team", "gamma"), random.nextDouble()));
                        case 2 -> List.of(new GpuMinute.Usage("", "", Map.of(), random.nextDouble())); // unlabelled
                        case 3 -> List.of(new GpuMinute.Usage("", "", Map.of("k8s.namespace.name", "ns-a1"), random.nextDouble()));
                        case 4 -> List.of( // time-sliced
                                new GpuMinute.Usage("", "", Map.of("k8s.namespace.name", "ns-b2"), random.nextDouble()),
                                new GpuMinute.Usage("", "", Map.of("team", "delta"), random.nextDouble()),
                                new GpuMinute.Usage("", "", Map.of("k8s.namespace.name", "other"), random.nextDouble() * 0.3));
                        default -> migLayout.stream().map(u -> new GpuMinute.Usage(u.migInstance(), u.migProfile(), u.labels(),
                                random.nextDouble())).toList();
                    };
                    out.add(new GpuMinute(t, "c", host, uuid, model, p4d ? "p4d.24xlarge" : "",
                            Map.of("host.name", host, "gpu.uuid", uuid), usages, random.nextDouble() * 0.02));
                }
            }
        }
        return out;
    }

    static List<GpuMinute.Usage> randomMig(Random random) {
        List<GpuMinute.Usage> layout = new ArrayList<>();
        int slices = 0;
        for (int i = 0; i < 4; i++) {
            String profile = PROFILES[random.nextInt(3)];
            int s = MigProfile.slices(profile);
            if (slices + s > 7) {
                break;
            }
            slices += s;
            Map<String, String> labels = switch (random.nextInt(3)) {
                case 0 -> Map.of("team", "mig-" + i);
                case 1 -> Map.of("k8s.namespace.name", "ns-a" + i);
                default -> Map.of();
            };
            layout.add(new GpuMinute.Usage(Integer.toString(i + 1), profile, labels, 0));
        }
        return layout;
    }
}
