package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fleet view reads: every GPU's latest values (from {@code points_latest}, one row per
 * series), rankings and health counts over those, utilisation per host over time and throttling
 * and XID markers (raw or rollup by range).
 */
public final class FleetQueries {

    /** Which GPUs a ranking puts first. */
    public enum Ranking {
        BUSIEST("utilization", "DESC"), IDLEST("utilization", "ASC"), HOTTEST("temperature", "DESC");

        final String column;
        final String order;

        Ranking(String column, String order) {
            this.column = column;
            this.order = order;
        }
    }

    /** What makes a GPU unhealthy: too hot, throttled, an XID error, or silent for too long. */
    public record HealthRules(double maxTemperatureCelsius, Duration staleAfter) {
        public static final HealthRules DEFAULT = new HealthRules(85, Duration.ofMinutes(2));

        public HealthRules {
            if (!Double.isFinite(maxTemperatureCelsius) || staleAfter.isNegative()) {
                throw new IllegalArgumentException("health rules need a finite temperature and a non-negative stale time, got "
                        + maxTemperatureCelsius + " and " + staleAfter);
            }
        }
    }

    /** GPU counts by health; one GPU can be in several unhealthy columns. */
    public record HealthCounts(long gpus, long healthy, long hot, long throttled, long xidErrors, long stale) {
        public long unhealthy() {
            return gpus - healthy;
        }
    }

    /** A moment a GPU was throttled or reported an XID error. */
    public record Marker(String host, String uuid, String metric, Instant time, double value) {}

    /** One fleet metric in one step: the sum, highest and mean over GPUs of each GPU's mean in the step. */
    public record FleetTotal(Instant time, String metric, double total, double highest, double mean) {}

    /**
     * One raw XID or throttle sample: {@code metric} is {@link MetricNames#GPU_XID_LAST} (value = the
     * XID code) or {@link MetricNames#GPU_THROTTLE_ACTIVE} (value 1, {@code reason} the active reason).
     */
    public record GpuEvent(Instant time, String host, String gpuIndex, String metric, String reason, double value) {}

    /** The throttle reason that only says the GPU is idle: not throttling. */
    public static final String IDLE_REASON = "gpu_idle";

    private final ClickHouseHttp clickhouse;

    public FleetQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Every GPU that reported within {@code lookback} of {@code now}, by host then index. */
    public List<GpuStatus> latestGpus(Instant now, Duration lookback) {
        return latestGpus(now, lookback, "");
    }

    /** As above for one host ({@code ""}: every host). */
    public List<GpuStatus> latestGpus(Instant now, Duration lookback, String host) {
        String sql = latestSql(now, lookback, host.isEmpty() ? "" : "host = " + Sql.string(host)) + "\nORDER BY " + GpuSort.HOST.orderBy(false);
        return clickhouse.query(sql).stream().map(FleetQueries::toStatus).toList();
    }

    /** What the GPU grid can be sorted by (a whitelist: the SQL column comes from here, never from the caller). */
    public enum GpuSort {
        HOST(null), UTILIZATION("utilization"), MEMORY_USED("memory_used"), MEMORY_TOTAL("memory_total"), POWER("power"),
        TEMPERATURE("temperature"), LAST_SEEN(null);

        private final String column;

        GpuSort(String column) {
            this.column = column;
        }

        /** The ORDER BY: GPUs without the value last, ties by host, GPU index as a number, uuid. */
        String orderBy(boolean descending) {
            String direction = descending ? " DESC" : " ASC";
            String ties = "host, toUInt32OrZero(gpu_index), uuid";
            if (this == HOST) {
                return descending ? "host DESC, toUInt32OrZero(gpu_index) DESC, uuid DESC" : ties;
            }
            if (this == LAST_SEEN) {
                return "last_ms" + direction + ", " + ties;
            }
            return "n_" + column + " DESC, " + column + direction + ", " + ties;
        }
    }

    /**
     * One page of the GPU grid, sorted server-side: the GPUs that reported within {@code lookback}
     * of {@code now} whose host or uuid contains {@code search} ({@code ""}: all), sorted by
     * {@code sort}, rows {@code offset .. offset + limit}, with the number of matching GPUs.
     * Reads {@code gpu_latest} (one row per GPU).
     */
    public Page<GpuStatus> latestPage(Instant now, Duration lookback, String search, GpuSort sort, boolean descending, int offset, int limit) {
        Page.check(offset, limit);
        String where = search.isEmpty() ? "" : "(positionCaseInsensitive(host, " + Sql.string(search) + ") > 0 OR positionCaseInsensitive(gpu_uuid, "
                + Sql.string(search) + ") > 0)";
        String inner = latestSql(now, lookback, where);
        long total = clickhouse.queryLong("SELECT count() FROM (" + inner + ")");
        String sql = inner + "\nORDER BY " + sort.orderBy(descending) + "\nLIMIT " + offset + ", " + limit;
        return new Page<>(clickhouse.query(sql).stream().map(FleetQueries::toStatus).toList(), total, offset, limit);
    }

    /** The first {@code limit} GPUs by the ranking, among those that reported the ranked value. */
    public List<GpuStatus> ranked(Instant now, Duration lookback, Ranking ranking, int limit) {
        Page.check(0, limit);
        String sql = "SELECT * FROM (" + latestSql(now, lookback, "") + ")\nWHERE n_" + ranking.column + " > 0\nORDER BY "
                + ranking.column + " " + ranking.order + ", host, uuid\nLIMIT " + limit;
        return clickhouse.query(sql).stream().map(FleetQueries::toStatus).toList();
    }

    /** Healthy and unhealthy GPU counts among those seen within {@code lookback}. */
    public HealthCounts health(Instant now, Duration lookback, HealthRules rules) {
        FleetSummary s = summary(now, lookback, rules);
        return new HealthCounts(s.gpus(), s.healthy(), s.hot(), s.throttled(), s.xid(), s.stale());
    }

    /** The fleet's tiles in one row: GPUs reporting, mean utilisation (0..1) and total power (NaN when none reported), health counts. */
    public record FleetSummary(long gpus, double meanUtilization, double totalPowerWatts, long healthy, long unhealthy, long hot,
            long throttled, long xid, long stale) {}

    /**
     * {@link #health} plus the mean utilisation and total power of the GPUs that reported them
     * within the look-back, in one query (one row comes back, not one per GPU).
     */
    public FleetSummary summary(Instant now, Duration lookback, HealthRules rules) {
        return toSummary(clickhouse.query(summarySql(now, lookback, rules, "")).get(0));
    }

    /** The fleet page's headline: {@link #summary} and the three {@link Ranking}s. */
    public record FleetOverview(FleetSummary summary, List<GpuStatus> busiest, List<GpuStatus> idlest, List<GpuStatus> hottest) {}

    /**
     * {@link #summary} and the first {@code limit} GPUs of each {@link Ranking} (as {@link #ranked}
     * orders them) in one query: {@code gpu_latest} is merged once instead of four times, which
     * is most of the fleet page's ClickHouse time at 10,000 GPUs.
     */
    public FleetOverview overview(Instant now, Duration lookback, HealthRules rules, int limit) {
        Page.check(0, limit);
        // One tuple per GPU in toStatus's order; last_ms as text so 64-bit quoting cannot differ.
        String gpu = "(host, uuid, gpu_index, model, utilization, n_utilization, memory_used, n_memory_used, memory_total, "
                + "n_memory_total, power, n_power, temperature, n_temperature, toString(last_ms))";
        String lists = """
                ,
                       arraySlice(arraySort(g -> (-tupleElement(g, 5), tupleElement(g, 1), tupleElement(g, 2)),
                                            groupArrayIf(%1$s, n_utilization > 0)), 1, %2$d) AS busiest,
                       arraySlice(arraySort(g -> (tupleElement(g, 5), tupleElement(g, 1), tupleElement(g, 2)),
                                            groupArrayIf(%1$s, n_utilization > 0)), 1, %2$d) AS idlest,
                       arraySlice(arraySort(g -> (-tupleElement(g, 13), tupleElement(g, 1), tupleElement(g, 2)),
                                            groupArrayIf(%1$s, n_temperature > 0)), 1, %2$d) AS hottest""".formatted(gpu, limit);
        String sql = summarySql(now, lookback, rules, lists);
        JsonNode row = clickhouse.query(sql).get(0);
        return new FleetOverview(toSummary(row), tupleStatuses(row.get("busiest")), tupleStatuses(row.get("idlest")),
                tupleStatuses(row.get("hottest")));
    }

    /**
     * One row over the GPUs reporting within {@code lookback}: counts, health flags' counts, sums of
     * utilisation and power, and {@code moreColumns} (aggregates over the same GPUs, or "").
     */
    private static String summarySql(Instant now, Duration lookback, HealthRules rules, String moreColumns) {
        return """
                SELECT count() AS gpus,
                       countIf(NOT (hot OR throttled OR xid OR stale)) AS healthy,
                       countIf(hot) AS n_hot, countIf(throttled) AS n_throttled, countIf(xid) AS n_xid, countIf(stale) AS n_stale,
                       sumIf(utilization, n_utilization > 0) AS utilization_sum, countIf(n_utilization > 0) AS utilization_gpus,
                       sumIf(power, n_power > 0) AS power_sum, countIf(n_power > 0) AS power_gpus%4$s
                FROM
                (
                    SELECT host, uuid, gpu_index, model, utilization, n_utilization, memory_used, n_memory_used,
                           memory_total, n_memory_total, power, n_power, temperature, n_temperature, last_ms,
                           n_temperature > 0 AND temperature >= %1$s AS hot,
                           n_throttle > 0 AND throttle > 0 AS throttled,
                           n_xid > 0 AND xid_last > 0 AS xid,
                           last_ms < %2$d AS stale
                    FROM (%3$s)
                )""".formatted(Double.toString(rules.maxTemperatureCelsius()),
                now.minus(rules.staleAfter()).toEpochMilli(), latestSql(now, lookback, ""), moreColumns);
    }

    private static FleetSummary toSummary(JsonNode row) {
        long gpus = Rows.integer(row, "gpus");
        long healthy = Rows.integer(row, "healthy");
        long utilizationGpus = Rows.integer(row, "utilization_gpus");
        long powerGpus = Rows.integer(row, "power_gpus");
        return new FleetSummary(gpus, utilizationGpus == 0 ? Double.NaN : Rows.number(row, "utilization_sum") / utilizationGpus,
                powerGpus == 0 ? Double.NaN : Rows.number(row, "power_sum"), healthy, gpus - healthy, Rows.integer(row, "n_hot"),
                Rows.integer(row, "n_throttled"), Rows.integer(row, "n_xid"), Rows.integer(row, "n_stale"));
    }

    /** GPUs from tuples in {@link #overview}'s order (a tuple is a JSON array, or an object where a server names its fields). */
    private static List<GpuStatus> tupleStatuses(JsonNode tuples) {
        List<GpuStatus> out = new ArrayList<>();
        for (JsonNode tuple : tuples) {
            List<JsonNode> f = new ArrayList<>();
            tuple.elements().forEachRemaining(f::add);
            out.add(new GpuStatus(f.get(0).asText(), f.get(1).asText(), f.get(2).asText(), f.get(3).asText(),
                    tupleValue(f, 4), tupleValue(f, 6), tupleValue(f, 8), tupleValue(f, 10), tupleValue(f, 12),
                    Instant.ofEpochMilli(Long.parseLong(f.get(14).asText()))));
        }
        return out;
    }

    private static double tupleValue(List<JsonNode> fields, int index) {
        return fields.get(index + 1).asLong() == 0 ? Double.NaN : fields.get(index).asDouble();
    }

    /** {@link #latestPage} of every GPU (no search), in the dashboard's terms: {@code ascending} rather than descending. */
    public Page<GpuStatus> latestGpus(Instant now, Duration lookback, GpuSort sort, boolean ascending, int offset, int limit) {
        return latestPage(now, lookback, "", sort, !ascending, offset, limit);
    }

    /**
     * One row per GPU from {@code gpu_latest}: the latest value of each fleet metric and whether it
     * was reported within the look-back ({@code n_<metric>} 1 or 0; the value is 0 when not), for
     * the GPUs whose newest sample is within {@code [now - lookback, now]}; {@code where} (SQL built
     * here, "" for none) filters the GPUs before merging.
     */
    private static String latestSql(Instant now, Duration lookback, String where) {
        long from = now.minus(lookback).toEpochMilli();
        long to = now.toEpochMilli();
        StringBuilder metrics = new StringBuilder();
        for (String m : List.of("utilization", "memory_used", "memory_total", "power", "temperature")) {
            metrics.append("if(%1$s_ms >= %2$d, %1$s, 0) AS %1$s, toUInt8(%1$s_ms >= %2$d) AS n_%1$s,\n       ".formatted(m, from));
        }
        return """
                SELECT host, uuid, gpu_index, model, cluster,
                       %1$sif(xid_ms >= %2$d, xid, 0) AS xid_last, toUInt8(xid_ms >= %2$d) AS n_xid,
                       toUInt8(throttle_ms >= %2$d AND throttle_on_ms = throttle_ms) AS throttle, toUInt8(throttle_ms >= %2$d) AS n_throttle,
                       last_ms
                FROM
                (
                    SELECT host, gpu_uuid AS uuid, gpu_index, gpu_model AS model, cluster, maxMerge(last_ms) AS last_ms,
                           argMaxMerge(utilization) AS utilization, maxMerge(utilization_ms) AS utilization_ms,
                           argMaxMerge(memory_used) AS memory_used, maxMerge(memory_used_ms) AS memory_used_ms,
                           argMaxMerge(memory_total) AS memory_total, maxMerge(memory_total_ms) AS memory_total_ms,
                           argMaxMerge(power) AS power, maxMerge(power_ms) AS power_ms,
                           argMaxMerge(temperature) AS temperature, maxMerge(temperature_ms) AS temperature_ms,
                           argMaxMerge(xid) AS xid, maxMerge(xid_ms) AS xid_ms,
                           maxMerge(throttle_ms) AS throttle_ms, maxMerge(throttle_on_ms) AS throttle_on_ms
                    FROM gpu_latest%4$s
                    GROUP BY host, gpu_uuid, gpu_index, gpu_model, cluster
                    HAVING last_ms >= %2$d AND last_ms <= %3$d
                )""".formatted(metrics, from, to, where.isEmpty() ? "" : "\n    WHERE " + where);
    }

    private static GpuStatus toStatus(JsonNode row) {
        return new GpuStatus(
                row.get("host").asText(),
                row.get("uuid").asText(),
                row.get("gpu_index").asText(),
                row.get("model").asText(),
                valueOrNaN(row, "utilization", "n_utilization"),
                valueOrNaN(row, "memory_used", "n_memory_used"),
                valueOrNaN(row, "memory_total", "n_memory_total"),
                valueOrNaN(row, "power", "n_power"),
                valueOrNaN(row, "temperature", "n_temperature"),
                Instant.ofEpochMilli(row.get("last_ms").asLong()));
    }

    private static double valueOrNaN(JsonNode row, String column, String count) {
        return row.get(count).asLong() == 0 ? Double.NaN : Rows.number(row, column);
    }

    /** The GPU gauges the fleet and host rollups keep ({@code fleet_1m/1h}, {@code host_1m/1h}). */
    public static final List<String> ROLLED_UP_METRICS = List.of(MetricNames.GPU_UTILIZATION, MetricNames.GPU_MEMORY_USED,
            MetricNames.GPU_POWER_DRAW, MetricNames.GPU_TEMPERATURE);

    /**
     * Which table a fleet or host chart reads: raw points only when the step is under a minute
     * (and the range at most {@link Resolution#RAW_UP_TO}), the per-minute rollup up to
     * {@link Resolution#MINUTE_UP_TO} unless the step is whole hours, else the per-hour rollup.
     */
    static Resolution chartResolution(TimeRange range, Duration step) {
        long s = Math.max(1, step.toSeconds());
        if (s < 60 && range.length().compareTo(Resolution.RAW_UP_TO) <= 0) {
            return Resolution.RAW;
        }
        boolean wholeHours = s >= 3600 && s % 3600 == 0;
        return !wholeHours && range.length().compareTo(Resolution.MINUTE_UP_TO) <= 0 ? Resolution.MINUTE : Resolution.HOUR;
    }

    /**
     * Mean GPU utilisation per host in steps of {@code step} between {@code from} and {@code to};
     * one series per host, named by the host (every host: prefer {@link #heatmap} at fleet scale).
     */
    public List<SeriesPoint> utilizationByHost(Instant from, Instant to, Duration step) {
        return hostCells(MetricNames.GPU_UTILIZATION, new TimeRange(from, to), step, "");
    }

    /** A page of hosts of a per-host heatmap: the hosts (sorted), how many there are in all, and their cells. */
    public record HeatmapPage(List<String> hosts, long totalHosts, int offset, int limit, List<SeriesPoint> cells) {}

    /**
     * One page of the per-host heatmap of {@code metric} (one of {@link #ROLLED_UP_METRICS}): hosts
     * that reported it since the range's start (from {@code gpu_latest}), sorted by name, rows
     * {@code offset .. offset + limit}, and each one's mean per step (series = host). Reads
     * {@code host_1m} or {@code host_1h} ({@link #chartResolution}), raw points for sub-minute steps.
     */
    public HeatmapPage heatmap(String metric, TimeRange range, Duration step, int offset, int limit) {
        Page.check(offset, limit);
        if (!ROLLED_UP_METRICS.contains(metric)) {
            throw new IllegalArgumentException("heatmap metric must be one of " + ROLLED_UP_METRICS + ", got " + metric);
        }
        String hostsSql = "SELECT host FROM gpu_latest GROUP BY host HAVING maxMerge(last_ms) >= " + range.from().toEpochMilli();
        long total = clickhouse.queryLong("SELECT count() FROM (" + hostsSql + ")");
        List<String> hosts = clickhouse.query(hostsSql + " ORDER BY host LIMIT " + offset + ", " + limit).stream()
                .map(r -> Rows.text(r, "host")).toList();
        List<SeriesPoint> cells = hosts.isEmpty() ? List.of() : hostCells(metric, range, step, " AND host IN " + Sql.stringList(hosts));
        return new HeatmapPage(hosts, total, offset, limit, cells);
    }

    private List<SeriesPoint> hostCells(String metric, TimeRange range, Duration step, String hostFilter) {
        Resolution resolution = chartResolution(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String table = switch (resolution) {
            case RAW -> "points";
            case MINUTE -> "host_1m";
            case HOUR -> "host_1h";
        };
        String sql = """
                SELECT host, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, %2$s AS value
                FROM %3$s
                WHERE metric = %4$s AND %5$s%6$s
                GROUP BY host, bucket
                ORDER BY host, bucket
                """.formatted(stepSeconds, resolution.expression(Aggregation.AVG), table, Sql.string(metric), range.where("ts"), hostFilter);
        return clickhouse.query(sql).stream()
                .map(row -> new SeriesPoint(row.get("host").asText(),
                        Instant.ofEpochSecond(row.get("bucket").asLong()), Rows.number(row, "value")))
                .toList();
    }

    /**
     * Throttling and XID markers: per GPU and step, the highest throttle or XID value where it was
     * above zero, oldest first, at most {@code limit}. Reads {@code gpu_events} (only those samples).
     */
    public List<Marker> markers(TimeRange range, Duration step, int limit) {
        Page.check(0, limit);
        long stepSeconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT host, any(gpu_uuid) AS uuid, metric, intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, max(value) AS v
                FROM gpu_events
                WHERE %2$s
                GROUP BY host, series_id, metric, bucket
                ORDER BY bucket, host, uuid, metric
                LIMIT %3$d""".formatted(stepSeconds, range.where("ts"), limit);
        return clickhouse.query(sql).stream().map(r -> new Marker(Rows.text(r, "host"), Rows.text(r, "uuid"), Rows.text(r, "metric"),
                Instant.ofEpochSecond(Rows.integer(r, "bucket")), Rows.number(r, "v"))).toList();
    }

    /** XID and throttle events in a range: samples, and distinct GPUs with them. */
    public record EventCounts(long xidSamples, long throttleSamples, long gpusWithXid, long gpusThrottled) {}

    /** How many XID and throttle samples {@code gpu_events} holds in the range, and on how many GPUs. */
    public EventCounts eventCounts(TimeRange range) {
        String sql = """
                SELECT countIf(metric = %1$s) AS xid, countIf(metric = %2$s) AS throttle,
                       uniqExactIf(gpu_uuid, metric = %1$s) AS xid_gpus, uniqExactIf(gpu_uuid, metric = %2$s) AS throttle_gpus
                FROM gpu_events
                WHERE %3$s""".formatted(Sql.string(MetricNames.GPU_XID_LAST), Sql.string(MetricNames.GPU_THROTTLE_ACTIVE), range.where("ts"));
        JsonNode r = clickhouse.query(sql).get(0);
        return new EventCounts(Rows.integer(r, "xid"), Rows.integer(r, "throttle"), Rows.integer(r, "xid_gpus"), Rows.integer(r, "throttle_gpus"));
    }

    /**
     * One utilisation band in one step: {@code band} 0..9 is utilisation [band/10, (band+1)/10)
     * (band 9 includes 1.0); {@code share} of the step's utilisation samples fell in it, and
     * {@code gpus} = share x the GPUs that reported in the step (GPU-time in the band, as GPUs).
     */
    public record UtilizationBand(Instant time, int band, long samples, double share, double gpus) {}

    /**
     * The fleet's utilisation distribution per step (the fleet heatmap: at most ten rows per step,
     * bands without samples left out), oldest first, then by band. Reads
     * {@code utilization_bands_1m} / {@code _1h} ({@link #fleetResolution}: steps of at least a
     * minute) with the GPU counts of {@code fleet_1m} / {@code _1h}.
     */
    public List<UtilizationBand> utilizationBands(TimeRange range, Duration step) {
        Resolution resolution = fleetResolution(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String metric = Sql.string(MetricNames.GPU_UTILIZATION);
        String suffix = resolution == Resolution.MINUTE ? "1m" : "1h";
        String bandsSql = "SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, band, sum(samples) AS n FROM utilization_bands_" + suffix
                + " WHERE %3$s GROUP BY bucket, band ORDER BY bucket, band";
        String gpusSql = "SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, uniqHLL12Merge(gpus) AS gpus FROM fleet_" + suffix
                + " WHERE metric = %2$s AND %3$s GROUP BY bucket ORDER BY bucket";
        java.util.Map<Long, Long> gpus = new java.util.HashMap<>();
        for (JsonNode r : clickhouse.query(gpusSql.formatted(stepSeconds, metric, range.where("ts")))) {
            gpus.put(Rows.integer(r, "bucket"), Rows.integer(r, "gpus"));
        }
        List<JsonNode> rows = clickhouse.query(bandsSql.formatted(stepSeconds, metric, range.where("ts")));
        java.util.Map<Long, Long> totals = new java.util.HashMap<>();
        for (JsonNode r : rows) {
            totals.merge(Rows.integer(r, "bucket"), Rows.integer(r, "n"), Long::sum);
        }
        return rows.stream().map(r -> {
            long bucket = Rows.integer(r, "bucket");
            long n = Rows.integer(r, "n");
            double share = (double) n / totals.get(bucket);
            return new UtilizationBand(Instant.ofEpochSecond(bucket), (int) Rows.integer(r, "band"), n, share,
                    share * gpus.getOrDefault(bucket, 0L));
        }).toList();
    }

    /**
     * Fleet power, memory used and temperature per step, ordered by metric, then time: total = the
     * mean per sample times the GPUs that reported in the step (= the sum of each GPU's mean when
     * GPUs are sampled alike; the GPU count is a HyperLogLog, about 1 % off at 10,000 GPUs),
     * highest = the highest sample, mean = the mean per sample. Reads {@code fleet_1m} or
     * {@code fleet_1h} ({@link #fleetResolution}: steps of at least a minute).
     */
    public List<FleetTotal> totals(TimeRange range, Duration step) {
        Resolution resolution = fleetResolution(range, step);
        long stepSeconds = resolution.stepSeconds(step);
        String sql = """
                SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, metric,
                       sumMerge(sum_value) / countMerge(count_value) * uniqHLL12Merge(gpus) AS total,
                       maxMerge(max_value) AS highest, sumMerge(sum_value) / countMerge(count_value) AS mean
                FROM %6$s
                WHERE metric IN (%2$s, %3$s, %4$s) AND %5$s
                GROUP BY bucket, metric
                ORDER BY metric, bucket""".formatted(stepSeconds, Sql.string(MetricNames.GPU_POWER_DRAW), Sql.string(MetricNames.GPU_MEMORY_USED),
                Sql.string(MetricNames.GPU_TEMPERATURE), range.where("ts"), resolution == Resolution.MINUTE ? "fleet_1m" : "fleet_1h");
        return clickhouse.query(sql).stream().map(r -> new FleetTotal(Instant.ofEpochSecond(Rows.integer(r, "bucket")),
                Rows.text(r, "metric"), Rows.number(r, "total"), Rows.number(r, "highest"), Rows.number(r, "mean"))).toList();
    }

    /**
     * Which table a fleet-wide chart reads: as {@link #chartResolution} but never raw points (a
     * fleet-wide sub-minute step would read every sample of every GPU): steps under a minute are
     * rounded up to one.
     */
    static Resolution fleetResolution(TimeRange range, Duration step) {
        Resolution r = chartResolution(range, step);
        return r == Resolution.RAW ? Resolution.MINUTE : r;
    }

    /**
     * XID errors (code above 0) and active throttling (any reason but {@link #IDLE_REASON}) in the
     * range, newest first, at most {@code limit}; each sample's own time, from {@code gpu_events}.
     */
    public List<GpuEvent> events(TimeRange range, int limit) {
        Page.check(0, limit);
        String sql = """
                SELECT time_ms, metric, host, gpu_index AS gpu, reason AS why, value
                FROM gpu_events
                WHERE %1$s
                ORDER BY time_ms DESC, host, gpu, metric
                LIMIT %2$d""".formatted(range.where("ts"), limit);
        return clickhouse.query(sql).stream().map(r -> new GpuEvent(Instant.ofEpochMilli(Rows.integer(r, "time_ms")),
                Rows.text(r, "host"), Rows.text(r, "gpu"), Rows.text(r, "metric"), Rows.text(r, "why"), Rows.number(r, "value")))
                .toList();
    }

    /** {@code label_values[indexOf(label_keys, key)]}: the label's value, or '' when absent. */
    static String label(String key) {
        return LabelFilter.label(key);
    }

}
