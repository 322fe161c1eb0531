package dev.fathom.storage.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.Point;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TableWritersTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;
    static final Instant T = Instant.parse("2026-11-29T12:00:00Z");
    static final TableWriter.Retries FAST = new TableWriter.Retries(4, Duration.ofMillis(10), Duration.ofMillis(50));

    @BeforeAll
    static void database() {
        clickhouse = ClickHouseTestDatabase.create(server, "table_writers_test");
    }

    static CostLedgerRow ledger(String team, CostLedgerRow.Kind kind, String cost, Instant minute) {
        return new CostLedgerRow(minute, "c1", "node-1", "gpu", "GPU-1", "H100", "", kind, team, "p", "cc", "on_demand",
                "sku-h100", "eu", "EUR", 1.0 / 60, "GPU-hour", 1.0 / 60, 0.5 / 60, new BigDecimal(cost), new BigDecimal(cost),
                0.01, 0.004, 1);
    }

    @Test
    void costLedgerMoneyIsExactAndTheHourlyRollupAddsItUp() {
        CostLedgerWriter writer = new CostLedgerWriter(clickhouse);
        List<CostLedgerRow> rows = new ArrayList<>();
        for (int m = 0; m < 60; m++) {
            rows.add(ledger("exact", CostLedgerRow.Kind.USED, "0.123456789", T.plusSeconds(60L * m)));
            rows.add(ledger("exact", CostLedgerRow.Kind.IDLE, "999999999.000000001", T.plusSeconds(60L * m)));
        }
        assertThat(writer.write(11, rows)).isTrue();
        assertThat(writer.write(11, rows)).as("a replayed batch is skipped").isFalse();

        JsonNode raw = clickhouse.query("SELECT toString(sum(cost)) AS c, count() AS n FROM cost_ledger FINAL WHERE team = 'exact'").get(0);
        // 60 x (0.123456789 + 999999999.000000001): beyond Decimal(18, 9) summed, still exact.
        assertThat(new BigDecimal(raw.get("c").asText())).isEqualByComparingTo("59999999947.40740740");
        assertThat(raw.get("n").asLong()).isEqualTo(120);
        JsonNode hourly = clickhouse.query("SELECT toString(sum(cost)) AS c, sum(ledger_rows) AS n, sum(gpu_hours_used) AS used FROM cost_ledger_1h WHERE team = 'exact' AND kind = 'used'").get(0);
        assertThat(new BigDecimal(clickhouse.query("SELECT toString(sum(cost)) AS c FROM cost_ledger_1h WHERE team = 'exact' AND kind = 'idle'")
                .get(0).get("c").asText())).isEqualByComparingTo("59999999940.00000006");
        assertThat(new BigDecimal(hourly.get("c").asText())).isEqualByComparingTo("7.40740734");
        assertThat(hourly.get("n").asLong()).isEqualTo(60);
        assertThat(hourly.get("used").asDouble()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void moneyWithMoreThanNineDecimalsIsRefusedBeforeAnythingIsSent() {
        CostLedgerWriter writer = new CostLedgerWriter(clickhouse);
        List<CostLedgerRow> rows = List.of(ledger("tiny", CostLedgerRow.Kind.USED, "1", T), ledger("tiny", CostLedgerRow.Kind.USED, "0.0000000001", T.plusSeconds(60)));
        assertThatThrownBy(() -> writer.write(rows)).hasMessageContaining("more than 9 decimals");
        assertThat(clickhouse.queryLong("SELECT count() FROM cost_ledger WHERE team = 'tiny'")).isZero();
    }

    @Test
    void everyTableRoundTripsItsRow() {
        new TableWriter<>(clickhouse, SloStatusRow.FORMAT).write(List.of(new SloStatusRow(T, "api-availability", "api", "web", 0.999,
                2_592_000, 990, 1000, 0.99, -9, 14.5, 10, 8, 6, 4, 2, 1, List.of("page-1h"), 3)));
        new TableWriter<>(clickhouse, AnomalyRow.FORMAT).write(List.of(new AnomalyRow(T.toEpochMilli() + 5, "gpu.temp", "n1", -42L,
                new TreeMap<>(Map.of("host.name", "n1", "gpu.uuid", "G")), 97, 40, 80, 0.97, "rcf", 1)));
        new TableWriter<>(clickhouse, DriftResultRow.FORMAT).write(List.of(new DriftResultRow(T, "fraud", "v2", "amount", "psi", 0.3, 0.1,
                true, 5000, 20000, 1)));
        new TableWriter<>(clickhouse, AlertEventRow.FORMAT).write(List.of(new AlertEventRow(T, "fp1", "GpuHot", "firing", "page", "rules",
                T.minusSeconds(60), null, new TreeMap<>(Map.of("alertname", "GpuHot", "host", "n1")),
                new TreeMap<>(Map.of("summary", "hot, \"very\"\nhot")), "{}:{alertname=\"GpuHot\"}")));
        new TableWriter<>(clickhouse, AlertNotificationRow.FORMAT).write(List.of(new AlertNotificationRow(T, "g1", "oncall", "pagerduty",
                "sent", 2, 202, "dk", 3, true, "")));
        new TableWriter<>(clickhouse, AuditLogRow.FORMAT).write(List.of(new AuditLogRow(T, "alice", "export.chargeback", "team=web",
                "from=2026-11-01", "ok", "127.0.0.1")));

        assertThat(clickhouse.query("SELECT slo, burn_rate_5m, firing, budget_remaining, window_seconds FROM slo_status").get(0).toString())
                .isEqualTo("{\"slo\":\"api-availability\",\"burn_rate_5m\":14.5,\"firing\":[\"page-1h\"],\"budget_remaining\":-9,\"window_seconds\":2592000}");
        assertThat(clickhouse.query("SELECT time_ms, toInt64(series_id) AS sid, label_keys, expected_high, score FROM anomalies").get(0).toString())
                .isEqualTo("{\"time_ms\":\"" + (T.toEpochMilli() + 5) + "\",\"sid\":\"-42\",\"label_keys\":[\"gpu.uuid\",\"host.name\"],\"expected_high\":80,\"score\":0.97}");
        assertThat(clickhouse.query("SELECT feature, drifted, sample_size FROM drift_results").get(0).toString())
                .isEqualTo("{\"feature\":\"amount\",\"drifted\":1,\"sample_size\":\"5000\"}");
        assertThat(clickhouse.query("SELECT toUInt32(ends_at) AS e, annotation_values, group_key FROM alert_events").get(0).toString())
                .isEqualTo("{\"e\":0,\"annotation_values\":[\"hot, \\\"very\\\"\\nhot\"],\"group_key\":\"{}:{alertname=\\\"GpuHot\\\"}\"}");
        assertThat(clickhouse.query("SELECT attempt, http_status, alert_count, firing FROM alert_notifications").get(0).toString())
                .isEqualTo("{\"attempt\":2,\"http_status\":202,\"alert_count\":3,\"firing\":1}");
        assertThat(clickhouse.query("SELECT actor, action, outcome FROM audit_log").get(0).toString())
                .isEqualTo("{\"actor\":\"alice\",\"action\":\"export.chargeback\",\"outcome\":\"ok\"}");
    }

    @Test
    void aBatchTheServerRefusesPartWayLeavesNoRowAtAll() {
        TableWriter<AuditLogRow> writer = new TableWriter<>(clickhouse, AuditLogRow.FORMAT, TableWriter.Retries.NONE);
        List<AuditLogRow> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new AuditLogRow(T, "bulk", "a" + i, "", "", "ok", ""));
        }
        byte[] good = writer.encode(rows);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3); // the last row is cut off

        assertThatThrownBy(() -> writer.insert(truncated, rows.size(), () -> false)).isInstanceOf(ClickHouseException.class);
        assertThat(clickhouse.queryLong("SELECT count() FROM audit_log WHERE actor = 'bulk'")).isZero();
    }

    @Test
    void overloadIsRetriedWithBackoffAndTheBatchLandsOnce() throws Exception {
        try (FlakyProxy proxy = new FlakyProxy(server.httpUrl(), FlakyProxy.Mode.REFUSE, 2)) {
            PointWriter writer = new PointWriter(new ClickHouseHttp(proxy.url(), "table_writers_test"), FAST);
            writer.write(List.of(point("retry.refused", 1), point("retry.refused", 2)));
            assertThat(proxy.requests.get()).isEqualTo(3);
        }
        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE metric = 'retry.refused'")).isEqualTo(2);
    }

    @Test
    void aBatchThatLandedWhileItsAnswerWasLostIsNotSentAgain() throws Exception {
        try (FlakyProxy proxy = new FlakyProxy(server.httpUrl(), FlakyProxy.Mode.FORWARD_THEN_LOSE_ANSWER, 1)) {
            PointWriter writer = new PointWriter(new ClickHouseHttp(proxy.url(), "table_writers_test"), FAST);
            assertThat(writer.write(77, List.of(point("retry.lost", 1), point("retry.lost", 2), point("retry.lost", 3)))).isTrue();
        }
        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE metric = 'retry.lost'")).isEqualTo(3);
        assertThat(clickhouse.queryLong("SELECT countMerge(count_value) FROM points_1m WHERE metric = 'retry.lost'")).isEqualTo(3);
    }

    @Test
    void anUnreachableServerFailsAfterTheLastTryNamingTheServer() {
        PointWriter writer = new PointWriter(new ClickHouseHttp("http://127.0.0.1:1", "x"), FAST);
        assertThatThrownBy(() -> writer.write(List.of(point("m", 1))))
                .isInstanceOf(ClickHouseException.class).hasMessageContaining("127.0.0.1:1").hasMessageContaining("unreachable");
    }

    static Point point(String metric, double value) {
        return new Point(metric, T.toEpochMilli() + (long) value * 1000, value, "1", new TreeMap<>(Map.of("host.name", "h")));
    }
}
