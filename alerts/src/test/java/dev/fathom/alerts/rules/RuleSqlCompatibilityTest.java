package dev.fathom.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.alerts.history.AlertHistory;
import dev.fathom.alerts.history.ClickHouseAlertHistory;
import dev.fathom.local.chdb.CurrentClickHouse;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.Point;
import dev.fathom.model.alert.Alert;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.schema.SchemaFile;
import dev.fathom.storage.write.PointWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule evaluator's SQL and the history inserts on ClickHouse 18.16 (the real server) and on
 * current ClickHouse ({@link CurrentClickHouse}: chdb in a Node process), on the same rows, with the
 * same answers. When chdb is missing the test fails and says how to install it.
 */
class RuleSqlCompatibilityTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final List<String> TABLES = List.of("points", "cost_ledger", "drift_results", "alert_events", "alert_notifications");

    @TempDir
    Path work;

    @Test
    void ruleQueriesAndHistoryRowsGiveTheSameAnswersOn18AndCurrentClickHouse() throws Exception {
        CurrentClickHouse.requireInstalled();
        ClickHouseHttp ch = new ClickHouseHttp(server.httpUrl(), "alerts_compat");
        new Migrator(ch).migrate();
        writeFixture(ch);

        List<String> sql = new ArrayList<>();
        SeriesQuery query = new SeriesQuery(ch.observingQueries(sql::add));
        for (String expr : List.of("gpu.temperature > 85", "gpu.temperature{host!=\"gpu-3\", gpu.uuid=~\"GPU-[0-9]\"} > 0",
                "avg_over_time(gpu.temperature[10m]) > 0", "max_over_time(gpu.temperature{host=~\"gpu-.*\"}[10m]) > 0",
                "min_over_time(gpu.temperature{gpu.uuid!~\"x.*\"}[10m]) > 0", "increase(gpu.xid.errors[10m]) > 0",
                "absent(gpu.utilization[5m])", "fathom_team_monthly_cost{team=~\"ml.*\"} > 0", "fathom_feature_drifted == 1",
                "fathom_feature_drifted{model=\"ranker\", feature!=\"age\"}[2h] == 1")) {
            query.run(RuleExpr.parse(expr), NOW);
        }
        sql.add("SELECT status, fingerprint, alertname, severity, source, toUInt32(ts) AS ts, toUInt32(ends_at) AS ends_at, label_keys, label_values,"
                + " annotation_keys, annotation_values, group_key FROM alert_events ORDER BY fingerprint");
        sql.add("SELECT group_key, receiver, integration, status, attempt, http_status, dedup_key, alert_count, firing, error FROM alert_notifications ORDER BY attempt");
        List<List<JsonNode>> old = sql.stream().map(ch::query).toList();
        assertThat(old.stream().filter(rows -> !rows.isEmpty()).count()).as("queries that find rows").isGreaterThanOrEqualTo(9);

        List<String> setup = new ArrayList<>();
        for (SchemaFile file : SchemaFile.all()) {
            setup.addAll(file.statements());
        }
        for (String table : TABLES) {
            String copy = table.startsWith("alert_")
                    // The history writer's own rows, as it sends them.
                    ? "INSERT INTO " + table + " FORMAT JSONEachRow\n" + new String(historyRows(table), StandardCharsets.UTF_8).trim()
                    : CurrentClickHouse.copyOf("alerts_compat", table, ch::query);
            if (copy != null) {
                setup.add(copy);
            }
        }
        CurrentClickHouse.Answer answer = CurrentClickHouse.run(setup, sql, work);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sql.size(); i++) {
            CurrentClickHouse.Result result = answer.results().get(i);
            if (result.failed()) {
                problems.add("fails on " + answer.version() + ": " + result.error() + "\n" + sql.get(i));
                continue;
            }
            if (!normalised(old.get(i)).equals(normalised(result.rows()))) {
                problems.add("answers differ: 18.16 " + old.get(i) + " vs " + answer.version() + " " + result.rows() + "\n" + sql.get(i));
            }
        }
        assertThat(problems).as("%d queries compared", sql.size()).isEmpty();
    }

    /** Rows as sorted text, numbers (quoted or not) rounded, so row order and 64-bit quoting do not matter. */
    private static List<String> normalised(List<JsonNode> rows) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            StringBuilder s = new StringBuilder();
            row.fields().forEachRemaining(e -> {
                JsonNode v = e.getValue();
                String text = v.isNumber() || v.isTextual() && v.asText().matches("-?[0-9.]+(e[-+]?[0-9]+)?")
                        ? String.format(java.util.Locale.ROOT, "%.6f", v.asDouble()) : v.toString();
                s.append(e.getKey()).append('=').append(text).append(';');
            });
            out.add(s.toString());
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static byte[] historyRows(String table) {
        Alert a = Alert.firing(Map.of("alertname", "GpuTooHot", "severity", "critical", "source", "rule", "host", "gpu-1"),
                Map.of("summary", "hot 'quoted' \\ text"), NOW, "");
        if (table.equals("alert_events")) {
            return ClickHouseAlertHistory.eventRows(List.of(new AlertHistory.AlertEvent(NOW, a, "firing", "{}:{alertname=\"GpuTooHot\"}"),
                    new AlertHistory.AlertEvent(NOW.plusSeconds(60), a.resolvedAt(NOW.plusSeconds(60)), "resolved", "g")));
        }
        return ClickHouseAlertHistory.attemptRows(List.of(
                new AlertHistory.NotificationAttempt(NOW, "g", "oncall", "pagerduty", "retrying", 1, 429, "abc", 1, true, "HTTP 429"),
                new AlertHistory.NotificationAttempt(NOW.plusSeconds(2), "g", "oncall", "pagerduty", "sent", 2, 202, "abc", 1, true, "")));
    }

    private static void writeFixture(ClickHouseHttp ch) {
        List<Point> points = new ArrayList<>();
        for (int host = 1; host <= 4; host++) {
            for (int minute = 0; minute < 10; minute++) {
                Instant at = NOW.minus(Duration.ofMinutes(minute));
                Map<String, String> labels = Map.of("host.name", "gpu-" + host, "gpu.uuid", "GPU-" + host, "cluster", "c1");
                points.add(new Point("gpu.temperature", at.toEpochMilli(), 60 + host * 8 + minute * 0.5, "Cel", new TreeMap<>(labels)));
                points.add(new Point("gpu.xid.errors", at.toEpochMilli(), host == 2 ? 10 - minute : 0, "1", new TreeMap<>(labels)));
                if (host != 4 || minute > 7) {
                    points.add(new Point("gpu.utilization", at.toEpochMilli(), 0.5, "1", new TreeMap<>(labels)));
                }
            }
        }
        new PointWriter(ch).write(points);
        ch.insertJsonEachRow("cost_ledger", ("""
                {"minute":%d,"cluster":"c1","host":"gpu-1","resource_type":"gpu","resource_id":"GPU-1","kind":"used","team":"ml-research","currency":"USD","cost":4000.25,"list_cost":4000.25,"version":1}
                {"minute":%d,"cluster":"c1","host":"gpu-2","resource_type":"gpu","resource_id":"GPU-2","kind":"idle","team":"ml-ops","currency":"USD","cost":20.5,"list_cost":20.5,"version":1}
                """).formatted(NOW.minus(Duration.ofDays(1)).getEpochSecond(), NOW.minus(Duration.ofHours(1)).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        ch.insertJsonEachRow("drift_results", ("""
                {"ts":%d,"model":"ranker","model_version":"3","feature":"price","method":"psi","value":0.31,"threshold":0.1,"drifted":1,"version":1}
                {"ts":%d,"model":"ranker","model_version":"3","feature":"age","method":"psi","value":0.02,"threshold":0.1,"drifted":0,"version":1}
                """).formatted(NOW.minus(Duration.ofMinutes(10)).getEpochSecond(), NOW.minus(Duration.ofMinutes(10)).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        ch.insertJsonEachRow("alert_events", historyRows("alert_events"));
        ch.insertJsonEachRow("alert_notifications", historyRows("alert_notifications"));
    }
}
