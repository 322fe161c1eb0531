package dev.fathom.storage.dataset;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A synthetic GPU fleet written straight into the tables on the server ({@code INSERT ... SELECT
 * FROM numbers()}, no rows cross the network), for benchmarks and the dashboard's scale tests.
 * Deterministic: the same sizes and end time give the same rows (values are hashes of GPU and time).
 *
 * <p>Time is split at {@code end} (a whole hour) into: raw 15 s points for the last
 * {@link Size#rawHours} (through the materialized views, so every rollup, {@code points_latest},
 * {@code gpu_latest} and {@code gpu_events} get them as in production); before that the 1-minute
 * rollups for up to {@link Size#minuteHours} and the 1-hour rollups back to {@link Size#days},
 * written directly as aggregate states (one sample per series and bucket); {@code fleet_1m} back
 * and {@code utilization_bands_1m} back to 7 days (each minute of an older hour holds that hour's
 * states); {@code gpu_events} for the
 * older range; the cost ledger per minute for the last {@link Size#ledgerHours} (through its views)
 * and its hourly, daily and per-host rollups before that.
 *
 * <p>The fleet: {@link #GPUS_PER_HOST} GPUs per host ({@code node-0000}, {@code node-0001}, ...; GPU uuids
 * {@code GPU-000000}...), 4 clusters (H100 in
 * c0 and c1, A100 in c2, L40S in c3); each host runs one workload: training (~55 %, utilisation
 * 0.88-0.98), inference (~25 %, a daily cycle between 0.1 and 0.8) or idle (~20 %, under 0.03,
 * throttle reason {@code gpu_idle}); one GPU in 500 throttles ({@code hw_slowdown}) 10 minutes in
 * every 2 hours; one in 1,000 reports an XID error once a day. Hosts belong to ten teams (ml,
 * search, ads, research, platform, vision, speech, robotics, recsys, infra; projects
 * {@code <team>-train/-serve/-eval}; cost centres cc-1..cc-5); one host in 20 is unallocated.
 * Prices: 2.40 EUR per GPU-hour (H100), 1.80 (A100), 0.60 (L40S).
 */
public final class FleetDataset {

    public static final int GPUS_PER_HOST = 8;
    /** Raw points per series and hour (one every 15 s). */
    public static final int SAMPLES_PER_HOUR = 240;
    /** The metrics written as raw points, each one series per GPU. */
    public static final List<String> RAW_METRICS = List.of("gpu.utilization", "gpu.memory.used", "gpu.memory.total", "gpu.power.draw",
            "gpu.temperature", "gpu.throttle.active", "gpu.xid.last");
    /** The metrics the 1-minute and 1-hour rollups are written for before the raw range. */
    public static final List<String> ROLLUP_METRICS = List.of("gpu.utilization", "gpu.memory.used", "gpu.power.draw", "gpu.temperature");

    /**
     * How much to generate.
     *
     * @param gpus GPUs (at least 1; hosts = gpus / 8, rounded up)
     * @param days the whole range, ending at {@code end}
     * @param rawHours the last hours as raw 15 s points (0 .. days x 24)
     * @param minuteHours the last hours the 1-minute rollups cover (rawHours .. days x 24)
     * @param ledgerHours the last hours as per-minute ledger rows (0 .. days x 24)
     */
    public record Size(int gpus, int days, int rawHours, int minuteHours, int ledgerHours) {

        public Size {
            int hours = days * 24;
            if (gpus < 1 || days < 1 || rawHours < 0 || rawHours > hours || minuteHours < rawHours || minuteHours > hours
                    || ledgerHours < 0 || ledgerHours > hours) {
                throw new IllegalArgumentException("dataset size needs gpus >= 1, days >= 1, 0 <= rawHours <= minuteHours <= days x 24 and "
                        + "0 <= ledgerHours <= days x 24; got gpus " + gpus + ", days " + days + ", rawHours " + rawHours
                        + ", minuteHours " + minuteHours + ", ledgerHours " + ledgerHours);
            }
        }

        /** {@code gpus} x {@code days} with 1 raw hour, 6 hours of 1-minute rollups and 2 hours of ledger minutes. */
        public static Size of(int gpus, int days) {
            return new Size(gpus, days, 1, 6, 2);
        }

        public int hosts() {
            return (gpus + GPUS_PER_HOST - 1) / GPUS_PER_HOST;
        }
    }

    /** What was written: rows per table (as the table counts them after the run) and how fast the raw points went in. */
    public record Report(Instant from, Instant end, Map<String, Long> rows, long rawPoints, Duration rawTime, Duration took) {

        /** Raw points per second through the materialized views. */
        public double rawPointsPerSecond() {
            return rawTime.isZero() ? 0 : rawPoints / (rawTime.toNanos() / 1e9);
        }
    }

    /** The tables the generator writes, in the order the report lists them. */
    public static final List<String> TABLES = List.of("points", "points_1m", "points_1h", "points_latest", "gpu_latest", "gpu_events",
            "fleet_1m", "fleet_1h", "host_1m", "host_1h", "utilization_bands_1m", "utilization_bands_1h", "cost_ledger", "cost_ledger_1h", "cost_ledger_1d", "cost_ledger_host_1h");

    private final ClickHouseHttp clickhouse;
    private final Size size;
    private final Instant end;
    private final FleetSql sql;

    /**
     * @param clickhouse a migrated database (the generator uses its own 30-minute statement time-out on the same server)
     * @param end the end of the generated range, a whole hour (e.g. {@code Instant.now().truncatedTo(HOURS)})
     */
    public FleetDataset(ClickHouseHttp clickhouse, Size size, Instant end) {
        Objects.requireNonNull(clickhouse, "clickhouse");
        this.size = Objects.requireNonNull(size, "size");
        this.end = Objects.requireNonNull(end, "end");
        if (end.getEpochSecond() % 3600 != 0 || end.getNano() != 0) {
            throw new IllegalArgumentException("the dataset must end on a whole hour, got " + end);
        }
        this.clickhouse = clickhouse.withTimeout(Duration.ofMinutes(30));
        this.sql = new FleetSql(size);
    }

    /** Writes the whole dataset, telling {@code progress} about each step. */
    public Report generate(Consumer<String> progress) {
        long started = System.nanoTime();
        long endS = end.getEpochSecond();
        long startS = endS - size.days() * 86400L;
        long rawFrom = endS - size.rawHours() * 3600L;
        long minuteFrom = endS - size.minuteHours() * 3600L;
        long ledgerFrom = endS - size.ledgerHours() * 3600L;

        // 1-hour rollups, day by day (a day's fleet and host rollups derived from the rows just written).
        for (long day = startS; day < rawFrom; day += 86400) {
            long to = Math.min(day + 86400, rawFrom);
            for (String metric : ROLLUP_METRICS) {
                clickhouse.execute(sql.seriesRollup("points_1h", metric, day, to, 3600));
            }
            clickhouse.execute(sql.hostRollup("host_1h", "points_1h", day, to));
            clickhouse.execute(sql.fleetRollup("fleet_1h", "points_1h", day, to));
            clickhouse.execute(sql.bands("utilization_bands_1h", "points_1h", day, to));
            clickhouse.execute(sql.events(day, to));
            progress(progress, "1-hour rollups and events %s .. %s".formatted(Instant.ofEpochSecond(day), Instant.ofEpochSecond(to)), started);
        }
        // 1-minute rollups, hour by hour, and fleet_1m back to 7 days from the hourly rollup.
        for (long hour = minuteFrom; hour < rawFrom; hour += 3600) {
            for (String metric : ROLLUP_METRICS) {
                clickhouse.execute(sql.seriesRollup("points_1m", metric, hour, hour + 3600, 60));
            }
            clickhouse.execute(sql.hostRollup("host_1m", "points_1m", hour, hour + 3600));
            clickhouse.execute(sql.fleetRollup("fleet_1m", "points_1m", hour, hour + 3600));
            clickhouse.execute(sql.bands("utilization_bands_1m", "points_1m", hour, hour + 3600));
            progress(progress, "1-minute rollups %s".formatted(Instant.ofEpochSecond(hour)), started);
        }
        long weekFrom = Math.max(startS, endS - 7 * 86400L);
        if (weekFrom < minuteFrom) {
            clickhouse.execute(sql.fleetMinutesFromHours(weekFrom, minuteFrom));
            clickhouse.execute(sql.bandMinutesFromHours(weekFrom, minuteFrom));
            progress(progress, "fleet_1m and utilization_bands_1m from the hourly rollup %s .. %s".formatted(Instant.ofEpochSecond(weekFrom),
                    Instant.ofEpochSecond(minuteFrom)), started);
        }
        // Raw points through the views, an hour and a metric at a time.
        long rawStarted = System.nanoTime();
        long rawPoints = 0;
        for (long hour = rawFrom; hour < endS; hour += 3600) {
            for (String metric : RAW_METRICS) {
                clickhouse.execute(sql.raw(metric, hour, hour + 3600));
                rawPoints += (long) size.gpus() * SAMPLES_PER_HOUR;
            }
            progress(progress, "raw points %s: %,d so far, %,.0f points/s".formatted(Instant.ofEpochSecond(hour), rawPoints,
                    rawPoints / ((System.nanoTime() - rawStarted) / 1e9)), started);
        }
        Duration rawTime = Duration.ofNanos(System.nanoTime() - rawStarted);
        // Cost: rollups before the ledger's minutes, then the minutes through their views.
        for (long day = startS; day < ledgerFrom; day += 86400) {
            long to = Math.min(day + 86400, ledgerFrom);
            clickhouse.execute(sql.costHostHours(day, to));
            clickhouse.execute(sql.costHours(day, to));
            clickhouse.execute(sql.costDays(day, to));
            progress(progress, "cost rollups %s .. %s".formatted(Instant.ofEpochSecond(day), Instant.ofEpochSecond(to)), started);
        }
        for (long hour = ledgerFrom; hour < endS; hour += 3600) {
            clickhouse.execute(sql.ledger(hour, hour + 3600));
            progress(progress, "cost ledger minutes %s".formatted(Instant.ofEpochSecond(hour)), started);
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            rows.put(table, clickhouse.queryLong("SELECT count() FROM " + table));
        }
        return new Report(Instant.ofEpochSecond(startS), end, rows, rawPoints, rawTime, Duration.ofNanos(System.nanoTime() - started));
    }

    private static void progress(Consumer<String> progress, String what, long started) {
        progress.accept("%s [%.0f s]".formatted(what, (System.nanoTime() - started) / 1e9));
    }
}
