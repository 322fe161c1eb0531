package dev.fathom.dashboard.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link AlertData} over storage's alert_events and alert_notifications tables. */
public class ClickHouseAlertData implements AlertData {

    private static final String EVENT_COLUMNS = """
            toUInt32(ts) AS t, fingerprint, alertname, status, severity, source, toUInt32(starts_at) AS starts,
            label_keys, label_values, annotation_keys, annotation_values""";

    private final ClickHouseHttp clickhouse;

    public ClickHouseAlertData(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public List<AlertEvent> firing(TimeRange.Window window) {
        String sql = """
                SELECT toUInt32(max(ts)) AS t, fingerprint, argMax(alertname, ts) AS alertname, argMax(status, ts) AS status,
                       argMax(severity, ts) AS severity, argMax(source, ts) AS source, toUInt32(argMax(starts_at, ts)) AS starts,
                       argMax(label_keys, ts) AS label_keys, argMax(label_values, ts) AS label_values,
                       argMax(annotation_keys, ts) AS annotation_keys, argMax(annotation_values, ts) AS annotation_values
                FROM alert_events
                WHERE ts <= %s
                GROUP BY fingerprint
                HAVING status = 'firing'
                ORDER BY starts DESC, fingerprint
                LIMIT 1000
                """.formatted(Sql.dateTime(window.to()));
        return clickhouse.query(sql).stream().map(ClickHouseAlertData::toEvent).toList();
    }

    @Override
    public List<AlertEvent> events(TimeRange.Window window, int offset, int limit) {
        String sql = "SELECT " + EVENT_COLUMNS + " FROM alert_events WHERE " + within(window)
                + " ORDER BY ts DESC, fingerprint LIMIT " + offset + ", " + limit;
        return clickhouse.query(sql).stream().map(ClickHouseAlertData::toEvent).toList();
    }

    @Override
    public int countEvents(TimeRange.Window window) {
        return (int) clickhouse.queryLong("SELECT count() FROM alert_events WHERE " + within(window));
    }

    @Override
    public List<AlertNotification> notifications(TimeRange.Window window, int offset, int limit) {
        String sql = """
                SELECT toUInt32(ts) AS t, group_key, receiver, integration, status, attempt, http_status, firing, alert_count, error
                FROM alert_notifications WHERE %s ORDER BY ts DESC, group_key, receiver, attempt DESC LIMIT %d, %d
                """.formatted(within(window), offset, limit);
        return clickhouse.query(sql).stream().map(row -> new AlertNotification(Instant.ofEpochSecond(row.get("t").asLong()),
                row.get("group_key").asText(), row.get("receiver").asText(), row.get("integration").asText(),
                row.get("status").asText(), row.get("attempt").asInt(), row.get("http_status").asInt(),
                row.get("firing").asInt() != 0, row.get("alert_count").asInt(), row.get("error").asText())).toList();
    }

    @Override
    public int countNotifications(TimeRange.Window window) {
        return (int) clickhouse.queryLong("SELECT count() FROM alert_notifications WHERE " + within(window));
    }

    @Override
    public List<AlertEvent> eventsWithLabel(TimeRange.Window window, String label, String value, int limit) {
        String sql = "SELECT " + EVENT_COLUMNS + " FROM alert_events WHERE " + within(window)
                + " AND label_values[indexOf(label_keys, " + Sql.string(label) + ")] = " + Sql.string(value)
                + " ORDER BY ts LIMIT " + limit;
        return clickhouse.query(sql).stream().map(ClickHouseAlertData::toEvent).toList();
    }

    private static String within(TimeRange.Window window) {
        return "ts >= " + Sql.dateTime(window.from()) + " AND ts <= " + Sql.dateTime(window.to());
    }

    static AlertEvent toEvent(JsonNode row) {
        Map<String, String> labels = zip(row.get("label_keys"), row.get("label_values"));
        Map<String, String> annotations = zip(row.get("annotation_keys"), row.get("annotation_values"));
        return new AlertEvent(Instant.ofEpochSecond(row.get("t").asLong()), row.get("fingerprint").asText(),
                row.get("alertname").asText(), row.get("status").asText(), row.get("severity").asText(),
                row.get("source").asText(), Instant.ofEpochSecond(row.get("starts").asLong()), labels,
                annotations.getOrDefault("summary", annotations.getOrDefault("description", "")));
    }

    private static Map<String, String> zip(JsonNode keys, JsonNode values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size() && i < values.size(); i++) {
            map.put(keys.get(i).asText(), values.get(i).asText());
        }
        return map;
    }
}
