package dev.fathom.storage.bench;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.CostQueries;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.TimeRange;
import dev.fathom.storage.schema.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Storage benchmarks on a ClickHouse 18.16 server of its own (temporary directory, removed after):
 * a fleet-scale dataset generated on the server, the dashboard's fleet and cost queries' p50/p95,
 * and bytes on disk per raw point. The writer's insert rate is {@link WriterBenchmark}.
 *
 * <p>Run: {@code mvn -B -o -q -pl storage test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java
 * -Dexec.mainClass=dev.fathom.storage.bench.StorageBenchmark -Dexec.classpathScope=test}.
 * Sizes: system properties {@code gpus} (10000), {@code days} (30), {@code rawHours} (1),
 * {@code minuteHours} (6), {@code ledgerHours} (6), {@code repeats} (20).
 */
public final class StorageBenchmark {

    static final int GPUS = Integer.getInteger("gpus", 10_000);
    static final int DAYS = Integer.getInteger("days", 30);
    static final int RAW_HOURS = Integer.getInteger("rawHours", 1);
    static final int MINUTE_HOURS = Integer.getInteger("minuteHours", 6);
    static final int LEDGER_HOURS = Integer.getInteger("ledgerHours", 6);
    static final int REPEATS = Integer.getInteger("repeats", 20);
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("fathom-storage-bench");
        try (LocalClickHouseServer server = LocalClickHouseServer.start(home, FreePorts.pick())) {
            ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "bench", Duration.ofMinutes(10));
            new Migrator(clickhouse).migrate();
            generate(clickhouse);
            queries(clickhouse);
        } finally {
            deleteTree(home);
        }
    }


    // ---- dataset ------------------------------------------------------------------------------

    /** Label arrays and series id of GPU {@code g} (an SQL expression) for metric {@code m}. */
    static String seriesColumns(String metric) {
        return ("concat('node-', toString(intDiv(g, 8))) AS host, cityHash64('%1$s', g) AS series_id, "
                + "['cluster', 'gpu.index', 'gpu.model', 'gpu.uuid', 'host.name'] AS label_keys, "
                + "[concat('c', toString(g %% 2)), toString(g %% 8), 'NVIDIA H100 80GB HBM3', concat('GPU-', toString(g)), concat('node-', toString(intDiv(g, 8)))] AS label_values")
                .formatted(metric);
    }

    static String value(String metric) {
        return switch (metric) {
            case "gpu.utilization" -> "(cityHash64(g, s) % 101) / 100";
            case "gpu.temperature" -> "toFloat64(40 + cityHash64(g, s) % 50)";
            case "gpu.power.draw" -> "toFloat64(100 + cityHash64(g, s) % 600)";
            case "gpu.memory.used" -> "toFloat64(cityHash64(g, s) % 80000000000)";
            default -> "if(cityHash64(g, s) % 1000 = 0, 1., 0.)"; // throttle: rare
        };
    }

    static void generate(ClickHouseHttp clickhouse) {
        long start = System.nanoTime();
        List<String> metrics = List.of("gpu.utilization", "gpu.temperature", "gpu.power.draw", "gpu.memory.used", "gpu.throttle.active");
        // Raw points for the last RAW_HOURS at 15 s, through the views (latest, 1m, 1h, batches).
        int rawSteps = RAW_HOURS * 240;
        long rawFrom = NOW.getEpochSecond() - RAW_HOURS * 3600L;
        for (String m : metrics) {
            clickhouse.execute("""
                    INSERT INTO points (metric, ts, time_ms, value, unit, host, series_id, label_keys, label_values)
                    SELECT '%1$s', toDateTime(t, 'UTC'), t * 1000, v, '1', host, series_id, label_keys, label_values
                    FROM (SELECT number %% %2$d AS g, intDiv(number, %2$d) AS s, %3$d + s * 15 AS t, %4$s AS v, %5$s FROM numbers(%6$d))
                    """.formatted(m, GPUS, rawFrom, value(m), seriesColumns(m), (long) GPUS * rawSteps));
        }
        log("raw points: %,d rows (%d GPUs x %d metrics x %d h at 15 s)".formatted(clickhouse.queryLong("SELECT count() FROM points"), GPUS, metrics.size(), RAW_HOURS), start);

        // 1-minute rollup of utilisation for the last MINUTE_HOURS (heatmaps in sub-hour steps).
        for (int h = MINUTE_HOURS; h > RAW_HOURS; h--) {
            rollup(clickhouse, "points_1m", "gpu.utilization", NOW.getEpochSecond() - h * 3600L, 60, 60);
        }
        log("points_1m: %,d rows".formatted(clickhouse.queryLong("SELECT count() FROM points_1m")), start);
        // 1-hour rollups: utilisation for DAYS days (heatmaps), throttling for a week (markers).
        for (int d = DAYS; d > 0; d -= 5) {
            rollup(clickhouse, "points_1h", "gpu.utilization", NOW.getEpochSecond() - d * 86400L, 3600, 24 * Math.min(5, d));
        }
        rollup(clickhouse, "points_1h", "gpu.throttle.active", NOW.getEpochSecond() - 7 * 86400L, 3600, 24 * 7);
        log("points_1h: %,d rows".formatted(clickhouse.queryLong("SELECT count() FROM points_1h")), start);

        // Cost: the hourly rollup for DAYS days (40 teams x 3 projects, used/idle per model and
        // cluster, plus unallocated), and the per-minute ledger itself for LEDGER_HOURS.
        clickhouse.execute("""
                INSERT INTO cost_ledger_1h
                SELECT toDateTime(%1$d + intDiv(number, 1460) * 3600, 'UTC') AS hour, 'EUR', concat('c', toString(number %% 2)),
                       if(number %% 1460 >= 1440, '', concat('team-', toString(number %% 1460 %% 40))) AS team,
                       if(team = '', '', concat(team, '-p', toString(intDiv(number %% 1460, 40) %% 3))),
                       if(team = '', '', concat('cc-', toString(number %% 1460 %% 10))),
                       if(team = '', 'unallocated', if(intDiv(number %% 1460, 120) %% 2 = 0, 'used', 'idle')),
                       ['H100', 'A100', 'L40S'][1 + intDiv(number %% 1460, 240) %% 3], 'gpu',
                       7.0, 5.0, toDecimal128(0, 9), toDecimal128((number %% 997) / 10, 9) AS cost, 2.1, 0.8, 420
                FROM numbers(%2$d)""".formatted(NOW.getEpochSecond() - DAYS * 86400L, DAYS * 24 * 1460));
        clickhouse.execute("""
                INSERT INTO cost_ledger (minute, cluster, host, resource_type, resource_id, gpu_model, kind, team, project, cost_centre,
                                         currency, quantity, pricing_unit, gpu_hours_allocated, gpu_hours_used, list_cost, cost, energy_kwh, co2e_kg, version)
                SELECT toDateTime(%1$d + intDiv(number, %2$d) * 60, 'UTC'), concat('c', toString(g %% 2)), concat('node-', toString(intDiv(g, 8))),
                       'gpu', concat('GPU-', toString(g)), 'H100', if(number %% 2 = 0, 'used', 'idle'),
                       concat('team-', toString(g %% 40)), concat('team-', toString(g %% 40), '-p', toString(g %% 3)), concat('cc-', toString(g %% 10)),
                       'EUR', 1 / 60, 'GPU-hour', 1 / 60, 0.01, toDecimal64(0.05, 9), toDecimal64((number %% 1000) / 10000, 9), 0.0116, 0.005, 1
                FROM (SELECT number, intDiv(number, 2) %% %3$d AS g FROM numbers(%4$d))""".formatted(
                NOW.getEpochSecond() - LEDGER_HOURS * 3600L, GPUS * 2, GPUS, (long) GPUS * 2 * 60 * LEDGER_HOURS));
        log("cost_ledger_1h: %,d rows; cost_ledger: %,d rows".formatted(clickhouse.queryLong("SELECT count() FROM cost_ledger_1h"),
                clickhouse.queryLong("SELECT count() FROM cost_ledger")), start);
        System.out.println("tables on disk after generation:");
        clickhouse.query("SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE database = 'bench' AND active GROUP BY table ORDER BY table")
                .forEach(r -> System.out.printf("  %-16s %,14d rows %,16d bytes%n", r.get("table").asText(), r.get("rows").asLong(), r.get("bytes").asLong()));
        clickhouse.execute("OPTIMIZE TABLE points FINAL");
        var p = clickhouse.query("SELECT sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE database = 'bench' AND table = 'points' AND active").get(0);
        System.out.printf("bytes on disk per raw point (after OPTIMIZE FINAL): %.2f (%,d bytes / %,d points; random values, the worst case for compression)%n",
                p.get("bytes").asDouble() / p.get("rows").asDouble(), p.get("bytes").asLong(), p.get("rows").asLong());
    }

    /**
     * Fills a rollup table with one aggregate state per series and bucket (count 1 per bucket),
     * grouped on two integers so the server spends its time on states, not on hashing arrays.
     */
    static void rollup(ClickHouseHttp clickhouse, String table, String metric, long from, int bucketSeconds, int buckets) {
        clickhouse.execute("""
                INSERT INTO %1$s
                SELECT '%2$s', toDateTime(any(t), 'UTC'), any(host), any(series_id), '1', any(label_keys), any(label_values),
                       minState(v), maxState(v), sumState(v), countState(), argMaxState(v, toUInt64(t) * 1000)
                FROM (SELECT number %% %3$d AS g, intDiv(number, %3$d) AS s, %4$d + s * %5$d AS t, %6$s AS v, %7$s FROM numbers(%8$d))
                GROUP BY g, s""".formatted(table, metric, GPUS, from, bucketSeconds, value(metric),
                seriesColumns(metric), (long) GPUS * buckets));
    }

    static void log(String what, long start) {
        System.out.printf("%s [%.0f s]%n", what, (System.nanoTime() - start) / 1e9);
    }

    // ---- queries ------------------------------------------------------------------------------

    static void queries(ClickHouseHttp clickhouse) {
        FleetQueries fleet = new FleetQueries(clickhouse);
        CostQueries cost = new CostQueries(clickhouse);
        Instant now = NOW;
        TimeRange month = TimeRange.last(Duration.ofDays(DAYS), now);
        System.out.printf("%nquery latency over %d runs each (ms), data time incl. JSON parsing:%n", REPEATS);
        time("fleet latestGpus (all GPUs, 5 min)", () -> fleet.latestGpus(now, Duration.ofMinutes(5)).size());
        time("fleet ranked busiest 10", () -> fleet.ranked(now, Duration.ofMinutes(5), FleetQueries.Ranking.BUSIEST, 10).size());
        time("fleet ranked hottest 10", () -> fleet.ranked(now, Duration.ofMinutes(5), FleetQueries.Ranking.HOTTEST, 10).size());
        time("fleet health counts", () -> (int) fleet.health(now, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT).gpus());
        time("fleet heatmap 1 h, 1 min steps (1m rollup)", () -> fleet.utilizationByHost(now.minusSeconds(3600), now, Duration.ofMinutes(1)).size());
        time("fleet heatmap " + MINUTE_HOURS + " h, 5 min steps (1m rollup)", () -> fleet.utilizationByHost(now.minus(Duration.ofHours(MINUTE_HOURS)), now, Duration.ofMinutes(5)).size());
        time("fleet heatmap 24 h, 1 h steps (1h rollup)", () -> fleet.utilizationByHost(now.minus(Duration.ofDays(1)), now, Duration.ofHours(1)).size());
        time("fleet heatmap 7 d, 1 h steps (1h rollup)", () -> fleet.utilizationByHost(now.minus(Duration.ofDays(7)), now, Duration.ofHours(1)).size());
        time("fleet heatmap " + DAYS + " d, 6 h steps (1h rollup)", () -> fleet.utilizationByHost(month.from(), now, Duration.ofHours(6)).size());
        time("fleet markers 1 h (raw)", () -> fleet.markers(TimeRange.last(Duration.ofHours(1), now), Duration.ofMinutes(1), 1000).size());
        time("fleet markers 7 d (1h rollup)", () -> fleet.markers(TimeRange.last(Duration.ofDays(7), now), Duration.ofHours(1), 1000).size());
        time("cost byOwner team, " + DAYS + " d + previous (rollup)", () -> cost.byOwner(month, CostQueries.GroupBy.TEAM, Optional.empty()).size());
        time("cost byOwner project, " + DAYS + " d (rollup)", () -> cost.byOwner(month, CostQueries.GroupBy.PROJECT, Optional.empty()).size());
        time("cost byOwner team-bound, " + DAYS + " d (rollup)", () -> cost.byOwner(month, CostQueries.GroupBy.COST_CENTRE, Optional.of("team-7")).size());
        time("cost fleetTotal " + DAYS + " d (rollup)", () -> cost.fleetTotal(month, Optional.empty()).size());
        time("cost topSpenders 10, " + DAYS + " d (rollup)", () -> cost.topSpenders(month, CostQueries.GroupBy.TEAM, Optional.empty(), 10).size());
        time("cost overTime " + DAYS + " d, 1 d steps (rollup)", () -> cost.overTime(month, Duration.ofDays(1), CostQueries.GroupBy.TEAM, Optional.empty()).size());
        TimeRange odd = new TimeRange(now.minusSeconds(LEDGER_HOURS * 3600L - 1800), now.minusSeconds(1800));
        time("cost byOwner team, " + (LEDGER_HOURS - 1) + " h not on the hour (ledger FINAL)", () -> cost.byOwner(odd, CostQueries.GroupBy.TEAM, Optional.empty()).size());
    }

    static void time(String what, Supplier<Integer> query) {
        query.get(); // warm-up
        long[] ms = new long[REPEATS];
        int rows = 0;
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            rows = query.get();
            ms[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(ms);
        System.out.printf("  %-62s p50 %5d  p95 %5d  (%,d rows)%n", what, ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], rows);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
