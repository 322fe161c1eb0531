package dev.fathom.storage.bench;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.dataset.FleetDataset;
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
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Storage benchmarks on a ClickHouse 18.16 server of its own (temporary directory, removed after):
 * a fleet-scale dataset written by {@link FleetDataset} on the server, the dashboard's fleet and
 * cost queries' p50/p95, and bytes on disk per raw point. The writer's insert rate is
 * {@link WriterBenchmark}.
 *
 * <p>Run (see docs/storage.md): {@code java -cp storage/target/test-classes:storage/target/classes:$(cat
 * storage/target/test-classpath.txt) dev.fathom.storage.bench.StorageBenchmark}. Sizes: system
 * properties {@code gpus} (10000), {@code days} (30), {@code rawHours} (1), {@code minuteHours} (6),
 * {@code ledgerHours} (2), {@code repeats} (20). {@code -Dclickhouse=http://host:port} with
 * {@code -Ddatabase=name} uses that server instead (nothing deleted; {@code -Dgenerate=false} skips
 * generation and reads what {@code -Dend=...} (the data's end, a whole hour) says is there).
 */
public final class StorageBenchmark {

    static final int GPUS = Integer.getInteger("gpus", 10_000);
    static final int DAYS = Integer.getInteger("days", 30);
    static final int RAW_HOURS = Integer.getInteger("rawHours", 1);
    static final int MINUTE_HOURS = Integer.getInteger("minuteHours", 6);
    static final int LEDGER_HOURS = Integer.getInteger("ledgerHours", 2);
    static final int REPEATS = Integer.getInteger("repeats", 20);
    static final boolean GENERATE = Boolean.parseBoolean(System.getProperty("generate", "true"));
    static final Instant END = System.getProperty("end") != null ? Instant.parse(System.getProperty("end"))
            : Instant.now().truncatedTo(ChronoUnit.HOURS);

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("clickhouse");
        if (url != null) {
            run(new ClickHouseHttp(url, System.getProperty("database", "bench"), Duration.ofMinutes(10)));
            return;
        }
        Path home = Files.createTempDirectory("fathom-storage-bench");
        try (LocalClickHouseServer server = LocalClickHouseServer.start(home, FreePorts.pick())) {
            run(new ClickHouseHttp(server.httpUrl(), "bench", Duration.ofMinutes(10)));
        } finally {
            deleteTree(home);
        }
    }

    static void run(ClickHouseHttp clickhouse) {
        if (GENERATE) {
            clickhouse.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + clickhouse.database());
            new Migrator(clickhouse).migrate();
            generate(clickhouse);
        }
        queries(clickhouse);
    }

    // ---- dataset ------------------------------------------------------------------------------

    static void generate(ClickHouseHttp clickhouse) {
        FleetDataset.Size size = new FleetDataset.Size(GPUS, DAYS, RAW_HOURS, MINUTE_HOURS, LEDGER_HOURS);
        System.out.printf("generating %s ending %s; load before: %s%n", size, END, load());
        FleetDataset.Report report = new FleetDataset(clickhouse, size, END).generate(System.out::println);
        System.out.printf("%ngenerated %s .. %s in %d s (load after: %s)%n", report.from(), report.end(), report.took().toSeconds(), load());
        System.out.printf("raw points through the views: %,d in %d s = %,.0f points/s%n", report.rawPoints(), report.rawTime().toSeconds(),
                report.rawPointsPerSecond());
        System.out.println("tables on disk after generation (active parts):");
        clickhouse.query("SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE database = '"
                        + clickhouse.database() + "' AND active GROUP BY table ORDER BY table")
                .forEach(r -> System.out.printf("  %-22s %,14d rows %,16d bytes%n", r.get("table").asText(), r.get("rows").asLong(),
                        r.get("bytes").asLong()));
        clickhouse.execute("OPTIMIZE TABLE points FINAL");
        var p = clickhouse.query("SELECT sum(rows) AS rows, sum(bytes_on_disk) AS bytes FROM system.parts WHERE database = '"
                + clickhouse.database() + "' AND table = 'points' AND active").get(0);
        System.out.printf("bytes on disk per raw point (after OPTIMIZE FINAL): %.2f (%,d bytes / %,d points)%n",
                p.get("bytes").asDouble() / p.get("rows").asDouble(), p.get("bytes").asLong(), p.get("rows").asLong());
    }

    // ---- queries ------------------------------------------------------------------------------

    static void queries(ClickHouseHttp clickhouse) {
        FleetQueries fleet = new FleetQueries(clickhouse);
        CostQueries cost = new CostQueries(clickhouse);
        Instant now = END;
        Duration lookback = Duration.ofMinutes(5);
        TimeRange month = TimeRange.last(Duration.ofDays(DAYS), now);
        TimeRange week = TimeRange.last(Duration.ofDays(Math.min(7, DAYS)), now);
        TimeRange day = TimeRange.last(Duration.ofDays(1), now);
        TimeRange hour = TimeRange.last(Duration.ofHours(1), now);
        System.out.printf("%nquery latency over %d runs each after one warm-up (ms, from the call to parsed Java objects); load before: %s%n",
                REPEATS, load());
        time("fleet latestGpus page: utilisation desc, rows 0-100 + count", () -> fleet.latestGpus(now, lookback, FleetQueries.GpuSort.UTILIZATION, false, 0, 100).rows().size());
        time("fleet latestGpus page: host, rows 5000-5100 + count", () -> fleet.latestGpus(now, lookback, FleetQueries.GpuSort.HOST, true, 5000, 100).rows().size());
        time("fleet latestPage search 'node-01' by temperature", () -> fleet.latestPage(now, lookback, "node-01", FleetQueries.GpuSort.TEMPERATURE, true, 0, 50).rows().size());
        time("fleet summary (health + mean util + power)", () -> (int) fleet.summary(now, lookback, FleetQueries.HealthRules.DEFAULT).gpus());
        time("fleet overview (summary + busiest, idlest, hottest 10)", () -> fleet.overview(now, lookback, FleetQueries.HealthRules.DEFAULT, 10).busiest().size());
        time("fleet health counts", () -> (int) fleet.health(now, lookback, FleetQueries.HealthRules.DEFAULT).gpus());
        time("fleet ranked busiest 10", () -> fleet.ranked(now, lookback, FleetQueries.Ranking.BUSIEST, 10).size());
        time("fleet ranked hottest 10", () -> fleet.ranked(now, lookback, FleetQueries.Ranking.HOTTEST, 10).size());
        time("fleet latestGpus, all GPUs (10,000 rows to Java)", () -> fleet.latestGpus(now, lookback).size());
        time("fleet bands 1 h, 15 s steps (raw)", () -> fleet.utilizationBands(hour, Duration.ofSeconds(15)).size());
        time("fleet bands 24 h, 15 min steps (1m)", () -> fleet.utilizationBands(day, Duration.ofMinutes(15)).size());
        time("fleet bands 7 d, 1 h steps (1h)", () -> fleet.utilizationBands(week, Duration.ofHours(1)).size());
        time("fleet bands " + DAYS + " d, 3 h steps (1h)", () -> fleet.utilizationBands(month, Duration.ofHours(3)).size());
        time("fleet totals 1 h, 15 s steps (raw)", () -> fleet.totals(hour, Duration.ofSeconds(15)).size());
        time("fleet totals 24 h, 15 min steps (1m)", () -> fleet.totals(day, Duration.ofMinutes(15)).size());
        time("fleet totals 7 d, 1 h steps (1h)", () -> fleet.totals(week, Duration.ofHours(1)).size());
        time("fleet totals " + DAYS + " d, 3 h steps (1h)", () -> fleet.totals(month, Duration.ofHours(3)).size());
        time("fleet heatmap 40 hosts 1 h, 15 s steps (raw)", () -> fleet.heatmap("gpu.utilization", hour, Duration.ofSeconds(15), 0, 40).cells().size());
        time("fleet heatmap 40 hosts 24 h, 15 min (host_1m)", () -> fleet.heatmap("gpu.utilization", day, Duration.ofMinutes(15), 40, 40).cells().size());
        time("fleet heatmap 40 hosts 7 d, 1 h (host_1h)", () -> fleet.heatmap("gpu.utilization", week, Duration.ofHours(1), 0, 40).cells().size());
        time("fleet heatmap 40 hosts " + DAYS + " d, 3 h (host_1h)", () -> fleet.heatmap("gpu.utilization", month, Duration.ofHours(3), 1200, 40).cells().size());
        time("fleet heatmap all hosts 24 h, 1 h (host_1h)", () -> fleet.utilizationByHost(day.from(), day.to(), Duration.ofHours(1)).size());
        time("fleet markers " + DAYS + " d, 3 h steps (gpu_events)", () -> fleet.markers(month, Duration.ofHours(3), 1000).size());
        time("fleet events " + DAYS + " d, newest 500 (gpu_events)", () -> fleet.events(month, 500).size());
        time("fleet eventCounts " + DAYS + " d (gpu_events)", () -> (int) fleet.eventCounts(month).xidSamples());

        time("cost byOwner team, " + DAYS + " d + previous period", () -> cost.byOwner(month, CostQueries.GroupBy.TEAM, Optional.empty()).size());
        time("cost periodByOwner team, " + DAYS + " d", () -> cost.periodByOwner(month, CostQueries.GroupBy.TEAM, Optional.empty()).size());
        time("cost periodByOwner project, " + DAYS + " d", () -> cost.periodByOwner(month, CostQueries.GroupBy.PROJECT, Optional.empty()).size());
        time("cost periodByOwner cost centre, one team, " + DAYS + " d", () -> cost.periodByOwner(month, CostQueries.GroupBy.COST_CENTRE, Optional.of("ml")).size());
        time("cost fleetTotal " + DAYS + " d + previous period", () -> cost.fleetTotal(month, Optional.empty()).size());
        time("cost topSpenders 5, " + DAYS + " d", () -> cost.topSpenders(month, CostQueries.GroupBy.PROJECT, Optional.empty(), 5).size());
        time("cost overTime team " + DAYS + " d, 1 d steps", () -> cost.overTime(month, Duration.ofDays(1), CostQueries.GroupBy.TEAM, Optional.empty()).size());
        time("cost overTime team " + DAYS + " d, 3 h steps", () -> cost.overTime(month, Duration.ofHours(3), CostQueries.GroupBy.TEAM, Optional.empty()).size());
        time("cost teams " + DAYS + " d", () -> cost.teams(month).size());
        time("cost hostOverTime node-0001 " + DAYS + " d, 3 h", () -> cost.hostOverTime("node-0001", month, Duration.ofHours(3), Optional.empty()).size());
        TimeRange odd = new TimeRange(now.minusSeconds(LEDGER_HOURS * 3600L - 1800), now.minusSeconds(600));
        time("cost periodByOwner team, " + odd.length().toMinutes() + " min not on the hour (ledger FINAL)",
                () -> cost.periodByOwner(odd, CostQueries.GroupBy.TEAM, Optional.empty()).size());
        System.out.printf("load after: %s%n", load());
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
        System.out.printf("  %-66s p50 %5d  p95 %5d  (%,d rows)%n", what, ms[ms.length / 2], ms[(int) Math.ceil(ms.length * 0.95) - 1], rows);
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
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
