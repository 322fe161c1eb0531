package dev.fathom.dashboard;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.write.AlertEventRow;
import dev.fathom.storage.write.AlertNotificationRow;
import dev.fathom.storage.write.AnomalyRow;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerWriter;
import dev.fathom.storage.write.DriftResultRow;
import dev.fathom.storage.write.PointWriter;
import dev.fathom.storage.write.SloStatusRow;
import dev.fathom.storage.write.TableWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows of every kind the dashboard reads, written to a real ClickHouse through storage's own
 * writers, relative to a given "now", with the numbers the views must show for them. Karibu tests
 * use a fixed now; the browser test uses the real clock.
 *
 * <pre>
 * GPUs    node-a GPU 0 (60 %, 40/80 GiB, 350.4 W, 71 °C) and GPU 1 (100 %, 700 W, 80 °C) 10 s ago;
 *         node-b GPU 0 (0 %) 70 s ago; node-a GPU 1 had XID 79 and GPU 0 throttling (hw_slowdown) 5 min ago,
 *         node-b GPU 0 only the idle reason (not throttling);
 *         node-a eth0 received 1 MiB/s (cumulative counter) over the last 10 minutes
 * cost    in the 24 h before now: team ml 12.345678901 used + 2.5 idle, team search 4.25 + 0.75,
 *         team "=cmd" 0.01 used, unallocated 1.1; ml had 10.00 used in the 24 h before that
 * SLO     inference-availability (team ml) 99.9 %, budget 0.6 two hours ago, 0.42 now, burn 1h 15.2,
 *         firing "page"; search-latency (team search) budget 0.95
 * drift   model fraud: amount psi 0.31 > 0.1 drifted; country chi2 0.02 < 0.05 not drifted
 * anomaly node-a gpu.temperature 93 (expected 60-75) score 0.97, 20 min ago; node-b gpu.power.draw score 0.6
 * alerts  GpuHot host=node-a firing 15 min ago; GpuHot host=node-b fired 50 and resolved 40 min ago;
 *         notifications slack ok, pagerduty 429 then ok
 * </pre>
 */
public final class KnownData {

    public static final String H100 = "NVIDIA H100 80GB HBM3";
    public static final double GIB = 1024.0 * 1024 * 1024;
    /** node-a GPU 1's temperature series, as storage's point writer identifies it. */
    public static final long TEMPERATURE_SERIES = temperature(Instant.EPOCH, 0).seriesId();

    private KnownData() {}

    /** A migrated database of its own, so test classes do not see each other's rows. */
    public static ClickHouseHttp createDatabase(String url, String name) {
        ClickHouseHttp clickhouse = new ClickHouseHttp(url, name);
        new Migrator(clickhouse).migrate();
        return clickhouse;
    }

    public static void writeAll(ClickHouseHttp clickhouse, Instant now) {
        writeFleet(clickhouse, now);
        writeHost(clickhouse, now);
        writeCost(clickhouse, now);
        writeSlos(clickhouse, now);
        writeDrift(clickhouse, now);
        writeAnomalies(clickhouse, now);
        writeAlerts(clickhouse, now);
    }

    public static void writeFleet(ClickHouseHttp clickhouse, Instant now) {
        new PointWriter(clickhouse).write(List.of(
                gpu(MetricNames.GPU_UTILIZATION, "node-a", "0", now.minusSeconds(40), 0.2),
                gpu(MetricNames.GPU_UTILIZATION, "node-a", "0", now.minusSeconds(10), 0.6),
                gpu(MetricNames.GPU_MEMORY_USED, "node-a", "0", now.minusSeconds(10), 40 * GIB),
                gpu(MetricNames.GPU_MEMORY_TOTAL, "node-a", "0", now.minusSeconds(10), 80 * GIB),
                gpu(MetricNames.GPU_POWER_DRAW, "node-a", "0", now.minusSeconds(10), 350.4),
                gpu(MetricNames.GPU_TEMPERATURE, "node-a", "0", now.minusSeconds(10), 71),
                gpu(MetricNames.GPU_UTILIZATION, "node-a", "1", now.minusSeconds(10), 1.0),
                gpu(MetricNames.GPU_POWER_DRAW, "node-a", "1", now.minusSeconds(10), 700),
                gpu(MetricNames.GPU_TEMPERATURE, "node-a", "1", now.minusSeconds(10), 80),
                gpu(MetricNames.GPU_UTILIZATION, "node-b", "0", now.minusSeconds(70), 0.0),
                gpu(MetricNames.GPU_UTILIZATION, "node-c", "0", now.minusSeconds(20 * 60), 0.5),
                // As the collectors write them: the last XID code (0 none) and one 0/1 gauge per throttle reason.
                gpu(MetricNames.GPU_XID_LAST, "node-a", "1", now.minusSeconds(300), 79),
                gpu(MetricNames.GPU_XID_LAST, "node-a", "0", now.minusSeconds(300), 0),
                throttle("node-a", "0", "hw_slowdown", now.minusSeconds(300), 1),
                throttle("node-a", "0", "sw_power_cap", now.minusSeconds(300), 0),
                // Idle is a throttle reason nvidia-smi reports, but not throttling: no marker.
                throttle("node-b", "0", FleetQueries.IDLE_REASON, now.minusSeconds(70), 1)));
    }

    /** One throttle-reason gauge sample, labelled with the reason as the collectors label it. */
    public static Point throttle(String host, String index, String reason, Instant time, double value) {
        Point p = gpu(MetricNames.GPU_THROTTLE_ACTIVE, host, index, time, value);
        TreeMap<String, String> labels = new TreeMap<>(p.labels());
        labels.put(AttributeKeys.REASON, reason);
        return new Point(p.metric(), p.timeMillis(), p.value(), p.unit(), labels);
    }

    /** node-a's eth0 receive counter growing by 1 MiB per second, sampled every 60 s for 10 minutes. */
    public static void writeHost(ClickHouseHttp clickhouse, Instant now) {
        List<Point> points = new ArrayList<>();
        Instant start = now.minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
        for (int i = 0; i <= 10; i++) {
            points.add(new Point(MetricNames.NETWORK_IO, start.plusSeconds(60L * i).toEpochMilli(), 1_000_000_000.0 + i * 60 * 1048576.0,
                    "By", new TreeMap<>(Map.of(AttributeKeys.HOST_NAME, "node-a", AttributeKeys.DEVICE, "eth0",
                            AttributeKeys.DIRECTION, "receive"))));
        }
        new PointWriter(clickhouse).write(points);
    }

    public static Point gpu(String metric, String host, String index, Instant time, double value) {
        String unit = switch (metric) {
            case MetricNames.GPU_MEMORY_USED, MetricNames.GPU_MEMORY_TOTAL -> "By";
            case MetricNames.GPU_POWER_DRAW -> "W";
            case MetricNames.GPU_TEMPERATURE -> "Cel";
            default -> "1";
        };
        return new Point(metric, time.toEpochMilli(), value, unit, new TreeMap<>(Map.of(
                AttributeKeys.HOST_NAME, host,
                AttributeKeys.GPU_INDEX, index,
                AttributeKeys.GPU_UUID, "GPU-" + host + "-" + index,
                AttributeKeys.GPU_MODEL, H100)));
    }

    public static void writeCost(ClickHouseHttp clickhouse, Instant now) {
        Instant minute = now.minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        Instant before = now.minus(30, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
        new CostLedgerWriter(clickhouse).write(List.of(
                cost(minute, "node-a", "GPU-node-a-0", CostLedgerRow.Kind.USED, "ml", "ranking", "CC-100", "12.345678901", 1.0, 0.83, 3.5, 1.2),
                cost(minute, "node-a", "GPU-node-a-0", CostLedgerRow.Kind.IDLE, "ml", "ranking", "CC-100", "2.5", 0, 0, 0, 0),
                cost(minute, "node-a", "GPU-node-a-1", CostLedgerRow.Kind.USED, "search", "index", "CC-200", "4.25", 1.0, 0.85, 1.0, 0.4),
                cost(minute, "node-a", "GPU-node-a-1", CostLedgerRow.Kind.IDLE, "search", "index", "CC-200", "0.75", 0, 0, 0, 0),
                cost(minute, "node-b", "GPU-node-b-0", CostLedgerRow.Kind.USED, "=cmd", "x", "CC-300", "0.01", 0.01, 0.01, 0, 0),
                cost(minute, "node-b", "GPU-node-b-1", CostLedgerRow.Kind.UNALLOCATED, "", "", "", "1.1", 1.0, 0, 0.5, 0.2),
                cost(before, "node-a", "GPU-node-a-0", CostLedgerRow.Kind.USED, "ml", "ranking", "CC-100", "10.00", 1.0, 1.0, 3.0, 1.0)));
    }

    static CostLedgerRow cost(Instant minute, String host, String gpu, CostLedgerRow.Kind kind, String team, String project,
            String costCentre, String amount, double hoursAllocated, double hoursUsed, double kwh, double co2e) {
        return new CostLedgerRow(minute, "local", host, "gpu", gpu, H100, "", kind, team, project, costCentre, "on_demand",
                "gpu-h100", "local", "USD", hoursAllocated, "GPU-hour", hoursAllocated, hoursUsed,
                new BigDecimal(amount), new BigDecimal(amount), kwh, co2e, 1);
    }

    public static void writeSlos(ClickHouseHttp clickhouse, Instant now) {
        new TableWriter<>(clickhouse, SloStatusRow.FORMAT).write(List.of(
                slo(now.minus(2, ChronoUnit.HOURS), "inference-availability", "ml", 0.6, 2.0, List.of()),
                slo(now.minus(10, ChronoUnit.MINUTES), "inference-availability", "ml", 0.42, 15.2, List.of("page")),
                new SloStatusRow(now.minus(10, ChronoUnit.MINUTES), "search-latency", "search", "search", 0.99, 2_592_000,
                        990, 1000, 0.99, 0.95, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4, List.of(), 1)));
    }

    static SloStatusRow slo(Instant time, String slo, String team, double budget, double burn1h, List<String> firing) {
        return new SloStatusRow(time, slo, "inference", team, 0.999, 2_592_000, 9990, 10000, 0.999, budget,
                16.0, 7.0, burn1h, 5.0, 6.5, 3.1, 1.2, firing, 1);
    }

    public static void writeDrift(ClickHouseHttp clickhouse, Instant now) {
        new TableWriter<>(clickhouse, DriftResultRow.FORMAT).write(List.of(
                new DriftResultRow(now.minus(2, ChronoUnit.HOURS), "fraud", "v3", "amount", "psi", 0.05, 0.1, false, 5000, 20000, 1),
                new DriftResultRow(now.minus(30, ChronoUnit.MINUTES), "fraud", "v3", "amount", "psi", 0.31, 0.1, true, 5000, 20000, 1),
                new DriftResultRow(now.minus(30, ChronoUnit.MINUTES), "fraud", "v3", "country", "chi2", 0.02, 0.05, false, 5000, 20000, 1)));
    }

    public static void writeAnomalies(ClickHouseHttp clickhouse, Instant now) {
        Instant at = now.minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        new TableWriter<>(clickhouse, AnomalyRow.FORMAT).write(List.of(
                new AnomalyRow(at.toEpochMilli(), MetricNames.GPU_TEMPERATURE, "node-a", TEMPERATURE_SERIES,
                        new TreeMap<>(Map.of(AttributeKeys.HOST_NAME, "node-a", AttributeKeys.GPU_INDEX, "1")), 93, 60, 75, 0.97, "rcf", 1),
                new AnomalyRow(at.plusSeconds(60).toEpochMilli(), MetricNames.GPU_POWER_DRAW, "node-b", 77,
                        new TreeMap<>(Map.of(AttributeKeys.HOST_NAME, "node-b", AttributeKeys.GPU_INDEX, "0")), 20, 300, 450, 0.6, "rcf", 1)));
        List<Point> temperature = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Instant t = now.minus(30, ChronoUnit.MINUTES).plusSeconds(60L * i);
            temperature.add(temperature(t, i == 10 ? 93 : 68));
        }
        new PointWriter(clickhouse).write(temperature);
    }

    static Point temperature(Instant time, double celsius) {
        return new Point(MetricNames.GPU_TEMPERATURE, time.toEpochMilli(), celsius, "Cel",
                new TreeMap<>(Map.of(AttributeKeys.HOST_NAME, "node-a", AttributeKeys.GPU_INDEX, "1")));
    }

    public static void writeAlerts(ClickHouseHttp clickhouse, Instant now) {
        Instant firing = now.minus(15, ChronoUnit.MINUTES);
        Instant b = now.minus(50, ChronoUnit.MINUTES);
        new TableWriter<>(clickhouse, AlertEventRow.FORMAT).write(List.of(
                alert(firing, "fp-a", "firing", "node-a", firing, Instant.EPOCH),
                alert(b, "fp-b", "firing", "node-b", b, Instant.EPOCH),
                alert(b.plusSeconds(600), "fp-b", "resolved", "node-b", b, b.plusSeconds(600))));
        new TableWriter<>(clickhouse, AlertNotificationRow.FORMAT).write(List.of(
                new AlertNotificationRow(firing.plusSeconds(1), "{}:{alertname=\"GpuHot\"}", "sre-slack", "slack", "ok", 1, 200, "", 1, true, ""),
                new AlertNotificationRow(firing.plusSeconds(1), "{}:{alertname=\"GpuHot\"}", "sre-pager", "pagerduty", "retry", 1, 429, "dk-1", 1, true, "429 Too Many Requests"),
                new AlertNotificationRow(firing.plusSeconds(3), "{}:{alertname=\"GpuHot\"}", "sre-pager", "pagerduty", "ok", 2, 202, "dk-1", 1, true, "")));
    }

    static AlertEventRow alert(Instant time, String fingerprint, String status, String host, Instant starts, Instant ends) {
        return new AlertEventRow(time, fingerprint, "GpuHot", status, "critical", "rules", starts, ends,
                new TreeMap<>(Map.of("alertname", "GpuHot", "host", host, "team", "ml")),
                new TreeMap<>(Map.of("summary", "GPU on " + host + " above 85 °C")), "{}:{alertname=\"GpuHot\"}");
    }
}
