package dev.fathom.storage.query;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.AlertEventRow;
import dev.fathom.storage.write.AlertNotificationRow;
import dev.fathom.storage.write.AnomalyRow;
import dev.fathom.storage.write.AuditLogRow;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerWriter;
import dev.fathom.storage.write.DriftResultRow;
import dev.fathom.storage.write.PointWriter;
import dev.fathom.storage.write.SloStatusRow;
import dev.fathom.storage.write.TableWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small fleet with known values in every table, written through the writers, for the query
 * tests and the compatibility test. Times are relative to {@link #NOW} (a whole hour).
 *
 * <ul>
 *   <li>GPUs: node-a GPU-a0 (utilisation 0.5, 70 °C), node-a GPU-a1 (0.1, 60 °C, XID 79 an hour ago
 *       and 2 minutes ago, the idle throttle reason a minute ago), node-b GPU-b0 (0.9, 90 °C, throttled now). One point per 10 minutes
 *       for 10 days, one per 15 s in the last hour; the last value 15 s before NOW.</li>
 *   <li>node-a NIC eth0 receive rate 1000 B/s for the last two hours.</li>
 *   <li>Cost, last 48 h, per minute: team web used 0.5 and idle 0.25, team ml used 1.0,
 *       unallocated 0.125 (EUR); web's project "shop", cost centre "cc-1"; ml's "train", "cc-2".</li>
 *   <li>SLOs, anomalies, drift, alerts, notifications and audit entries, see below.</li>
 * </ul>
 */
final class QueryFixture {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private QueryFixture() {}

    static Point gpu(String metric, String host, String index, String uuid, Instant t, double value) {
        return new Point(metric, t.toEpochMilli(), value, "1", new TreeMap<>(Map.of("host.name", host, "gpu.index", index,
                "gpu.uuid", uuid, "gpu.model", "NVIDIA H100 80GB HBM3", "cluster", "c1")));
    }

    static void write(ClickHouseHttp clickhouse) {
        PointWriter points = new PointWriter(clickhouse);
        record Gpu(String host, String index, String uuid, double util, double temp) {}
        List<Gpu> gpus = List.of(new Gpu("node-a", "0", "GPU-a0", 0.5, 70), new Gpu("node-a", "1", "GPU-a1", 0.1, 60),
                new Gpu("node-b", "0", "GPU-b0", 0.9, 90));
        List<Point> batch = new ArrayList<>();
        for (Instant t = NOW.minus(Duration.ofDays(10)); t.isBefore(NOW.minus(Duration.ofHours(1))); t = t.plus(Duration.ofMinutes(10))) {
            for (Gpu g : gpus) {
                batch.add(gpu(MetricNames.GPU_UTILIZATION, g.host, g.index, g.uuid, t, g.util));
                batch.add(gpu(MetricNames.GPU_TEMPERATURE, g.host, g.index, g.uuid, t, g.temp));
            }
        }
        points.write(1, batch);
        batch.clear();
        for (Instant t = NOW.minus(Duration.ofHours(1)); t.isBefore(NOW); t = t.plusSeconds(15)) {
            for (Gpu g : gpus) {
                batch.add(gpu(MetricNames.GPU_UTILIZATION, g.host, g.index, g.uuid, t, g.util));
                batch.add(gpu(MetricNames.GPU_TEMPERATURE, g.host, g.index, g.uuid, t, g.temp));
                batch.add(gpu(MetricNames.GPU_POWER_DRAW, g.host, g.index, g.uuid, t, 300));
                batch.add(gpu(MetricNames.GPU_THROTTLE_ACTIVE, g.host, g.index, g.uuid, t,
                        g.uuid.equals("GPU-b0") && t.isAfter(NOW.minusSeconds(300)) ? 1 : 0));
            }
        }
        batch.add(gpu(MetricNames.GPU_XID_LAST, "node-a", "1", "GPU-a1", NOW.minus(Duration.ofHours(1)), 79));
        batch.add(gpu(MetricNames.GPU_XID_LAST, "node-a", "1", "GPU-a1", NOW.minusSeconds(120), 79));
        // The idle "throttle reason" is 1 on an idle GPU: not throttling.
        Point idle = gpu(MetricNames.GPU_THROTTLE_ACTIVE, "node-a", "1", "GPU-a1", NOW.minusSeconds(60), 1);
        TreeMap<String, String> idleLabels = new TreeMap<>(idle.labels());
        idleLabels.put(AttributeKeys.REASON, FleetQueries.IDLE_REASON);
        batch.add(new Point(idle.metric(), idle.timeMillis(), 1, idle.unit(), idleLabels));
        for (Instant t = NOW.minus(Duration.ofHours(2)); t.isBefore(NOW); t = t.plusSeconds(60)) {
            batch.add(new Point(MetricNames.NETWORK_IO + MetricNames.RATE_SUFFIX, t.toEpochMilli(), 1000, "By/s", new TreeMap<>(Map.of(
                    "host.name", "node-a", "device", "eth0", "direction", "receive"))));
        }
        points.write(2, batch);

        List<CostLedgerRow> ledger = new ArrayList<>();
        for (Instant m = NOW.minus(Duration.ofHours(48)); m.isBefore(NOW); m = m.plusSeconds(60)) {
            ledger.add(cost(m, "GPU-a0", CostLedgerRow.Kind.USED, "web", "shop", "cc-1", "0.5"));
            ledger.add(cost(m, "GPU-a0", CostLedgerRow.Kind.IDLE, "web", "shop", "cc-1", "0.25"));
            ledger.add(cost(m, "GPU-b0", CostLedgerRow.Kind.USED, "ml", "train", "cc-2", "1.0"));
            ledger.add(cost(m, "GPU-a1", CostLedgerRow.Kind.UNALLOCATED, "", "", "", "0.125"));
        }
        new CostLedgerWriter(clickhouse).write(3, ledger);

        List<SloStatusRow> slo = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Instant t = NOW.minus(Duration.ofMinutes(55 - 5L * i));
            slo.add(new SloStatusRow(t, "api-availability", "api", "web", 0.999, 2_592_000, 990, 1000, 0.99, 1 - 0.05 * i,
                    14.5, 10, 8, 6, 4, 2, 1, i == 11 ? List.of("page") : List.of(), 1));
            slo.add(new SloStatusRow(t, "train-latency", "trainer", "ml", 0.99, 2_592_000, 1000, 1000, 1, 0.9, 0, 0, 0, 0, 0, 0, 0,
                    List.of(), 1));
        }
        TableWriter<SloStatusRow> sloWriter = new TableWriter<>(clickhouse, SloStatusRow.FORMAT);
        sloWriter.write(slo);
        sloWriter.write(slo.subList(20, 24)); // a replayed evaluation: FINAL must count it once

        TableWriter<AnomalyRow> anomalies = new TableWriter<>(clickhouse, AnomalyRow.FORMAT);
        List<AnomalyRow> anomalyRows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Point p = gpu(MetricNames.GPU_TEMPERATURE, "node-b", "0", "GPU-b0", NOW.minus(Duration.ofMinutes(10L * i + 5)), 90);
            anomalyRows.add(new AnomalyRow(p.timeMillis(), p.metric(), "node-b", p.seriesId(), p.labels(), 90, 60, 80, 0.9 - 0.1 * i, "rcf", 1));
        }
        anomalies.write(anomalyRows);
        anomalies.write(anomalyRows.subList(0, 1));

        TableWriter<DriftResultRow> drift = new TableWriter<>(clickhouse, DriftResultRow.FORMAT);
        List<DriftResultRow> driftRows = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Instant t = NOW.minus(Duration.ofHours(6 - i));
            driftRows.add(new DriftResultRow(t, "fraud", "v2", "amount", "psi", 0.02 * (i + 1), 0.1, 0.02 * (i + 1) > 0.1, 1000, 20000, 1));
            driftRows.add(new DriftResultRow(t, "fraud", "v2", "country", "chi2", 0.5, 0.05, false, 1000, 20000, 1));
        }
        drift.write(driftRows);

        TableWriter<AlertEventRow> events = new TableWriter<>(clickhouse, AlertEventRow.FORMAT);
        events.write(List.of(
                alert(NOW.minus(Duration.ofMinutes(30)), "fp-hot", "GpuHot", "firing"),
                alert(NOW.minus(Duration.ofMinutes(20)), "fp-xid", "GpuXid", "firing"),
                alert(NOW.minus(Duration.ofMinutes(10)), "fp-xid", "GpuXid", "resolved")));
        new TableWriter<>(clickhouse, AlertNotificationRow.FORMAT).write(List.of(
                new AlertNotificationRow(NOW.minus(Duration.ofMinutes(29)), "g-hot", "oncall", "pagerduty", "failed", 1, 500, "dk-hot", 1, true, "HTTP 500"),
                new AlertNotificationRow(NOW.minus(Duration.ofMinutes(28)), "g-hot", "oncall", "pagerduty", "sent", 2, 202, "dk-hot", 1, true, ""),
                new AlertNotificationRow(NOW.minus(Duration.ofMinutes(19)), "g-xid", "team-slack", "slack", "sent", 1, 200, "", 1, true, "")));
        new TableWriter<>(clickhouse, AuditLogRow.FORMAT).write(List.of(
                new AuditLogRow(NOW.minus(Duration.ofMinutes(3)), "alice", "export.chargeback", "team=web", "", "ok", "127.0.0.1"),
                new AuditLogRow(NOW.minus(Duration.ofMinutes(2)), "bob", "silence.create", "GpuHot", "2h", "ok", "127.0.0.1"),
                new AuditLogRow(NOW.minus(Duration.ofMinutes(1)), "alice", "login", "", "", "ok", "127.0.0.1")));
    }

    static CostLedgerRow cost(Instant minute, String gpu, CostLedgerRow.Kind kind, String team, String project, String centre, String cost) {
        return new CostLedgerRow(minute, "c1", gpu.equals("GPU-b0") ? "node-b" : "node-a", "gpu", gpu, "H100", "", kind, team, project,
                centre, "on_demand", "sku", "eu", "EUR", 1.0 / 60, "GPU-hour", 1.0 / 60, kind == CostLedgerRow.Kind.USED ? 1.0 / 60 : 0,
                new BigDecimal(cost), new BigDecimal(cost), 0.01, 0.004, 1);
    }

    static AlertEventRow alert(Instant t, String fingerprint, String name, String status) {
        return new AlertEventRow(t, fingerprint, name, status, "page", "rules", t, status.equals("resolved") ? t : null,
                new TreeMap<>(Map.of("alertname", name, "host", "node-b")), new TreeMap<>(Map.of("summary", name + " on node-b")), "g-" + fingerprint);
    }
}
