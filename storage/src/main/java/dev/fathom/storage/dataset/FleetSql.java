package dev.fathom.storage.dataset;

/**
 * The statements {@link FleetDataset} runs: each an {@code INSERT ... SELECT} over
 * {@code numbers()}, with every value a hash of GPU number {@code g} and time {@code t} (epoch
 * seconds), so the same arguments always write the same rows. Only numbers built here go into the
 * SQL (no outside text).
 */
final class FleetSql {

    private static final String PRICE_PER_MINUTE = "['0.04', '0.04', '0.03', '0.01'][c + 1]"; // EUR: 2.40, 1.80, 0.60 per GPU-hour
    /** Ten teams (three projects each: train, serve, eval; five cost centres cc-1..cc-5). */
    static final String TEAMS = "['ml', 'search', 'ads', 'research', 'platform', 'vision', 'speech', 'robotics', 'recsys', 'infra']";
    private static final String LABEL_KEYS = "['cluster', 'gpu.index', 'gpu.model', 'gpu.uuid', 'host.name']";

    private final FleetDataset.Size size;

    FleetSql(FleetDataset.Size size) {
        this.size = size;
    }

    /**
     * The columns every GPU row has, given {@code g} and {@code t}: h (host number), host, c
     * (cluster number), cluster, model, uuid, gpu_index, role, util, power, temperature,
     * memory_total, memory_used, hot (the GPU throttles now), xid (an XID code or 0), the owner
     * (team, project, cost_centre; '' when the host is unallocated).
     */
    static String gpuColumns() {
        return """
                g, t, intDiv(g, 8) AS h, concat('node-', if(h < 10000, substring(toString(10000 + h), 2), toString(h))) AS host, h % 4 AS c,
                concat('c', toString(c)) AS cluster,
                ['NVIDIA H100 80GB HBM3', 'NVIDIA H100 80GB HBM3', 'NVIDIA A100-SXM4-80GB', 'NVIDIA L40S'][c + 1] AS model,
                concat('GPU-', substring(toString(1000000 + g), 2)) AS uuid, toString(g % 8) AS gpu_index,
                cityHash64('role', h) % 100 AS role_n, multiIf(role_n < 55, 'training', role_n < 80, 'inference', 'idle') AS role,
                (cityHash64(g, t) % 1000) / 1000 AS noise,
                multiIf(role = 'training', 0.88 + noise / 10,
                        role = 'inference', greatest(0., least(1., 0.45 + 0.35 * sin(2 * pi() * ((t + h * 600) % 86400) / 86400) + (noise - 0.5) / 10)),
                        noise * 0.03) AS util,
                60 + util * [640, 640, 340, 290][c + 1] AS power,
                g %% 500 = 7 AND (intDiv(t, 60) + g) %% 120 < 10 AS hot,
                32 + util * 48 + g %% 5 + if(hot, 12, 0) AS temperature,
                [80e9, 80e9, 80e9, 48e9][c + 1] AS memory_total,
                memory_total * least(1., 0.02 + 0.9 * util) AS memory_used,
                if(g %% 1000 = 13 AND (intDiv(t, 15) + g * 37) %% 5760 = 0, [79, 48, 13][1 + g %% 3], 0) AS xid,
                cityHash64('team', h) %% 10 AS team_n, cityHash64('alloc', h) %% 20 != 0 AS allocated,
                if(allocated, %s[team_n + 1], '') AS team,
                if(allocated, concat(team, '-', ['train', 'serve', 'eval'][h %% 3 + 1]), '') AS project,
                if(allocated, concat('cc-', toString(team_n %% 5 + 1)), '') AS cost_centre""".replace("%%", "%").replace("%s", TEAMS);
    }

    /** The value, unit and extra labels of one raw metric, as SQL over {@link #gpuColumns()}. */
    private static String[] metric(String metric) {
        return switch (metric) {
            case "gpu.utilization" -> new String[] {"util", "1"};
            case "gpu.memory.used" -> new String[] {"memory_used", "By"};
            case "gpu.memory.total" -> new String[] {"memory_total", "By"};
            case "gpu.power.draw" -> new String[] {"power", "W"};
            case "gpu.temperature" -> new String[] {"temperature", "Cel"};
            case "gpu.throttle.active" -> new String[] {"toFloat64(role = 'idle' OR hot)", "1"};
            case "gpu.xid.last" -> new String[] {"toFloat64(xid)", "1"};
            default -> throw new IllegalArgumentException("no generator for metric " + metric);
        };
    }

    /** GPU x time rows: {@code steps} times from {@code from}, {@code stepSeconds} apart, GPU-major (a block holds whole series). */
    private String gpuTimes(long from, long steps, long stepSeconds) {
        return "SELECT " + gpuColumns() + "\nFROM (SELECT intDiv(number, " + steps + ") AS g, toUInt32(" + from + " + (number % " + steps + ") * "
                + stepSeconds + ") AS t FROM numbers(" + size.gpus() * steps + "))";
    }

    /** The label values of a GPU series (throttle series also carry their reason). */
    private static String labels(String metric) {
        String values = "[cluster, gpu_index, model, uuid, host]";
        if (metric.equals("gpu.throttle.active")) {
            return LABEL_KEYS.replace("]", ", 'reason']") + " AS label_keys, arrayPushBack(" + values
                    + ", if(role = 'idle', 'gpu_idle', 'hw_slowdown')) AS label_values";
        }
        return LABEL_KEYS + " AS label_keys, " + values + " AS label_values";
    }

    /** Raw 15 s points of one metric in [from, to) for every GPU, through the materialized views. */
    String raw(String metric, long from, long to) {
        String[] m = metric(metric);
        return """
                INSERT INTO points (metric, ts, time_ms, value, unit, host, series_id, label_keys, label_values)
                SELECT '%1$s', toDateTime(t, 'UTC'), toUInt64(t) * 1000, %2$s, '%3$s', host, cityHash64('%1$s', g), %4$s
                FROM (%5$s)""".formatted(metric, m[0], m[1], labels(metric), gpuTimes(from, (to - from) / 15, 15));
    }

    /** One aggregate state per series and bucket (one sample at the bucket's start) in [from, to), into points_1m or points_1h. */
    String seriesRollup(String table, String metric, long from, long to, int bucketSeconds) {
        String[] m = metric(metric);
        return """
                INSERT INTO %1$s (metric, ts, host, series_id, unit, label_keys, label_values, min_value, max_value, sum_value, count_value, last_value)
                SELECT '%2$s', toDateTime(t, 'UTC'), any(host), cityHash64('%2$s', g), '%3$s', any(label_keys), any(label_values),
                       minState(v), maxState(v), sumState(v), countState(), argMaxState(v, toUInt64(t) * 1000)
                FROM (SELECT g, t, host, %4$s AS v, %5$s FROM (%6$s))
                GROUP BY g, t""".formatted(table, metric, m[1], m[0], labels(metric), gpuTimes(from, (to - from) / bucketSeconds, bucketSeconds));
    }

    /** A host rollup (host_1m/host_1h) in [from, to) merged from the series rollup rows of the same grain. */
    String hostRollup(String table, String source, long from, long to) {
        return """
                INSERT INTO %1$s (metric, host, ts, sum_value, count_value, min_value, max_value)
                SELECT metric, host, ts, sumMergeState(sum_value), countMergeState(count_value), minMergeState(min_value), maxMergeState(max_value)
                FROM %2$s
                WHERE ts >= toDateTime(%3$d, 'UTC') AND ts < toDateTime(%4$d, 'UTC') AND metric IN %5$s
                GROUP BY metric, host, ts""".formatted(table, source, from, to, metricList());
    }

    /** A fleet rollup (fleet_1m/fleet_1h) in [from, to) merged from the series rollup rows of the same grain. */
    String fleetRollup(String table, String source, long from, long to) {
        return """
                INSERT INTO %1$s (metric, ts, sum_value, count_value, min_value, max_value, gpus)
                SELECT metric, ts, sumMergeState(sum_value), countMergeState(count_value), minMergeState(min_value), maxMergeState(max_value),
                       uniqHLL12State(series_id)
                FROM %2$s
                WHERE ts >= toDateTime(%3$d, 'UTC') AND ts < toDateTime(%4$d, 'UTC') AND metric IN %5$s
                GROUP BY metric, ts""".formatted(table, source, from, to, metricList());
    }

    /** utilization_bands_1m or _1h in [from, to) from the series rollup of the same grain (each series' bucket mean in its band). */
    String bands(String table, String source, long from, long to) {
        return """
                INSERT INTO %1$s (ts, band, samples)
                SELECT ts, band, sum(n)
                FROM (SELECT ts, series_id, toUInt8(least(9, greatest(0, floor(sumMerge(sum_value) / countMerge(count_value) * 10)))) AS band,
                             countMerge(count_value) AS n
                      FROM %2$s
                      WHERE metric = 'gpu.utilization' AND ts >= toDateTime(%3$d, 'UTC') AND ts < toDateTime(%4$d, 'UTC')
                      GROUP BY ts, series_id)
                GROUP BY ts, band""".formatted(table, source, from, to);
    }

    /** utilization_bands_1m in [from, to) from utilization_bands_1h: every minute of an hour holds that hour's counts. */
    String bandMinutesFromHours(long from, long to) {
        return """
                INSERT INTO utilization_bands_1m (ts, band, samples)
                SELECT toDateTime(toUInt32(hour) + m * 60, 'UTC'), b, n
                FROM (SELECT ts AS hour, band AS b, samples AS n FROM utilization_bands_1h
                      WHERE ts >= toDateTime(%1$d, 'UTC') AND ts < toDateTime(%2$d, 'UTC'))
                ARRAY JOIN range(60) AS m""".formatted(from, to);
    }

    /** fleet_1m in [from, to) from fleet_1h: every minute of an hour holds that hour's states. */
    String fleetMinutesFromHours(long from, long to) {
        return """
                INSERT INTO fleet_1m (metric, ts, sum_value, count_value, min_value, max_value, gpus)
                SELECT metric, toDateTime(toUInt32(hour) + m * 60, 'UTC'), s, n, lo, hi, u
                FROM (SELECT metric, ts AS hour, sum_value AS s, count_value AS n, min_value AS lo, max_value AS hi, gpus AS u
                      FROM fleet_1h WHERE ts >= toDateTime(%1$d, 'UTC') AND ts < toDateTime(%2$d, 'UTC'))
                ARRAY JOIN range(60) AS m""".formatted(from, to);
    }

    /** gpu_events in [from, to): the hot GPUs' throttle samples and the XID samples (what the view keeps from raw points). */
    String events(long from, long to) {
        long steps = (to - from) / 15;
        // Only GPUs that can have events: every 500th from 7 (throttle) and every 1000th from 13 (XID).
        return """
                INSERT INTO gpu_events (ts, time_ms, metric, host, series_id, gpu_uuid, gpu_index, reason, value)
                SELECT toDateTime(t, 'UTC'), toUInt64(t) * 1000, metric, host, cityHash64(metric, g), uuid, gpu_index,
                       if(metric = 'gpu.throttle.active', 'hw_slowdown', ''), if(metric = 'gpu.throttle.active', 1., toFloat64(xid))
                FROM
                (
                    SELECT %1$s, odd, if(odd = 0, 'gpu.throttle.active', 'gpu.xid.last') AS metric
                    FROM (SELECT toUInt64(if(number %% 2 = 0, 7 + 500 * intDiv(number, 2 * %2$d), 13 + 1000 * intDiv(number, 2 * %2$d))) AS g,
                                 toUInt32(%3$d + (intDiv(number, 2) %% %2$d) * 15) AS t, number %% 2 AS odd
                          FROM numbers(%4$d))
                    WHERE g < %5$d AND (odd = 0 AND hot AND role != 'idle' OR odd = 1 AND xid > 0)
                )""".formatted(gpuColumns(), steps, from, 2 * steps * (size.gpus() / 500 + 1), size.gpus()).replace("%%", "%");
    }

    /** Host x hour x kind rows of cost in [from, to): used and idle for allocated hosts, unallocated for the rest. */
    private String hostHours(long from, long to) {
        long hours = (to - from) / 3600;
        return """
                SELECT *, least(8, %1$d - h * 8) AS n, toDecimal64(%2$s, 9) * 60 * n AS total,
                       toDecimal64(round(toFloat64(toDecimal64(%2$s, 9)) * 60 * n * util, 6), 9) AS used,
                       multiIf(team = '', 'unallocated', k = 0, 'used', 'idle') AS kind,
                       multiIf(kind = 'unallocated', total, kind = 'used', used, total - used) AS cost,
                       if(k = 0, n * power / 1000, 0.) AS energy,
                       if(kind = 'used', n * util, 0.) AS used_hours
                FROM
                (
                    SELECT %3$s, k
                    FROM (SELECT intDiv(number, %4$d) * 8 AS g, toUInt32(%5$d + (intDiv(number, 2) %% %6$d) * 3600) AS t, number %% 2 AS k
                          FROM numbers(%7$d))
                )
                WHERE NOT (team = '' AND k = 1)""".formatted(size.gpus(), PRICE_PER_MINUTE, gpuColumns(), 2 * hours, from, hours,
                2L * hours * size.hosts()).replace("%%", "%");
    }

    /** cost_ledger_host_1h in [from, to). */
    String costHostHours(long from, long to) {
        return """
                INSERT INTO cost_ledger_host_1h (host, hour, currency, team, project, cost_centre, kind, cost, energy_kwh, ledger_rows)
                SELECT host, toDateTime(t, 'UTC'), 'EUR', team, project, cost_centre, kind, cost, energy, 60 * n
                FROM (%1$s)""".formatted(hostHours(from, to));
    }

    /** cost_ledger_1h in [from, to), summed over hosts from the same rows as {@link #costHostHours}. */
    String costHours(long from, long to) {
        return """
                INSERT INTO cost_ledger_1h (hour, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type,
                                            gpu_hours_allocated, gpu_hours_used, list_cost, cost, energy_kwh, co2e_kg, ledger_rows)
                SELECT toDateTime(t, 'UTC') AS hour, 'EUR', cluster, team, project, cost_centre, kind, model, 'gpu',
                       sum(if(kind = 'unallocated', 0., toFloat64(n))), sum(used_hours), sum(cost), sum(cost), sum(energy), sum(energy) * 0.4,
                       sum(60 * n)
                FROM (%1$s)
                GROUP BY hour, cluster, team, project, cost_centre, kind, model""".formatted(hostHours(from, to));
    }

    /** cost_ledger_1d from cost_ledger_1h rows in [from, to) (days split over two calls add up). */
    String costDays(long from, long to) {
        return """
                INSERT INTO cost_ledger_1d (day, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type,
                                            gpu_hours_allocated, gpu_hours_used, list_cost, cost, energy_kwh, co2e_kg, ledger_rows)
                SELECT toDateTime(toStartOfDay(hour), 'UTC') AS day, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type,
                       sum(gpu_hours_allocated), sum(gpu_hours_used), sum(list_cost), sum(cost), sum(energy_kwh), sum(co2e_kg), sum(ledger_rows)
                FROM cost_ledger_1h
                WHERE hour >= toDateTime(%1$d, 'UTC') AND hour < toDateTime(%2$d, 'UTC')
                GROUP BY day, currency, cluster, team, project, cost_centre, kind, gpu_model, resource_type""".formatted(from, to);
    }

    /** Per-minute ledger rows in [from, to) for every GPU, through the ledger's views. */
    String ledger(long from, long to) {
        long minutes = (to - from) / 60;
        return """
                INSERT INTO cost_ledger (minute, cluster, host, resource_type, resource_id, gpu_model, mig_profile, kind, team, project,
                                         cost_centre, price_tier, sku, region, currency, quantity, pricing_unit, gpu_hours_allocated,
                                         gpu_hours_used, list_cost, cost, energy_kwh, co2e_kg, version)
                SELECT toDateTime(t, 'UTC'), cluster, host, 'gpu', uuid, model, '', kind, team, project, cost_centre, 'on_demand',
                       concat('gpu-', toString(c)), 'eu-west', 'EUR', 1 / 60, 'GPU-hour', if(kind = 'unallocated', 0., 1 / 60),
                       if(kind = 'used', util / 60, 0.), cost, cost, energy, energy * 0.4, 1
                FROM
                (
                    SELECT *, toDecimal64(%1$s, 9) AS total, toDecimal64(round(toFloat64(total) * util, 6), 9) AS used,
                           multiIf(team = '', 'unallocated', k = 0, 'used', 'idle') AS kind,
                           multiIf(kind = 'unallocated', total, kind = 'used', used, total - used) AS cost,
                           if(k = 0, power / 60000, 0.) AS energy
                    FROM
                    (
                        SELECT %2$s, k
                        FROM (SELECT intDiv(number, %3$d) AS g, toUInt32(%4$d + (intDiv(number, 2) %% %5$d) * 60) AS t, number %% 2 AS k
                              FROM numbers(%6$d))
                    )
                    WHERE NOT (team = '' AND k = 1)
                )""".formatted(PRICE_PER_MINUTE, gpuColumns(), 2 * minutes, from, minutes, 2L * minutes * size.gpus()).replace("%%", "%");
    }

    private static String metricList() {
        return FleetDataset.ROLLUP_METRICS.stream().map(m -> "'" + m + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }
}
