package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/** What the alerts view reads: alert state changes, alerts firing now, and notification history. */
public final class AlertQueries {

    /** One alert state change. */
    public record AlertEvent(Instant time, String fingerprint, String alertname, String status, String severity, String source,
            Instant startsAt, Instant endsAt, SortedMap<String, String> labels, SortedMap<String, String> annotations, String groupKey) {}

    /** One notification attempt. */
    public record Notification(Instant time, String groupKey, String receiver, String integration, String status, int attempt,
            int httpStatus, String dedupKey, long alertCount, boolean firing, String error) {}

    private static final String EVENT_COLUMNS = "ts, fingerprint, alertname, status, severity, source, starts_at, ends_at, "
            + "label_keys, label_values, annotation_keys, annotation_values, group_key";

    private final ClickHouseHttp clickhouse;

    public AlertQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** State changes in the range, newest first; {@code status} or {@code alertname} "" for all. */
    public Page<AlertEvent> events(TimeRange range, String status, String alertname, int offset, int limit) {
        Page.check(offset, limit);
        String where = range.where("ts") + (status.isEmpty() ? "" : " AND status = " + Sql.string(status))
                + (alertname.isEmpty() ? "" : " AND alertname = " + Sql.string(alertname));
        long total = clickhouse.queryLong("SELECT count() FROM alert_events WHERE " + where);
        String sql = "SELECT " + EVENT_COLUMNS + " FROM alert_events WHERE " + where
                + " ORDER BY ts DESC, alertname, fingerprint, status LIMIT " + offset + ", " + limit;
        return new Page<>(clickhouse.query(sql).stream().map(AlertQueries::toEvent).toList(), total, offset, limit);
    }

    /** Alerts whose latest state change up to {@code now} is "firing", newest first. */
    public List<AlertEvent> firing(Instant now) {
        StringBuilder argMax = new StringBuilder();
        for (String c : EVENT_COLUMNS.split(", ")) {
            if (!c.equals("fingerprint")) {
                argMax.append(", argMax(").append(c).append(", ts) AS ").append(c.equals("ts") ? "t" : c);
            }
        }
        String sql = "SELECT * FROM (SELECT fingerprint" + argMax + " FROM alert_events WHERE ts <= " + Sql.dateTime(now)
                + " GROUP BY fingerprint) WHERE status = 'firing' ORDER BY t DESC, fingerprint";
        return clickhouse.query(sql).stream().map(r -> toEvent(r, "t")).toList();
    }

    /** Notification attempts in the range, newest first; {@code groupKey} "" for every group. */
    public Page<Notification> notifications(TimeRange range, String groupKey, int offset, int limit) {
        Page.check(offset, limit);
        String where = range.where("ts") + (groupKey.isEmpty() ? "" : " AND group_key = " + Sql.string(groupKey));
        long total = clickhouse.queryLong("SELECT count() FROM alert_notifications WHERE " + where);
        String sql = "SELECT ts, group_key, receiver, integration, status, attempt, http_status, dedup_key, alert_count, firing, error"
                + " FROM alert_notifications WHERE " + where + " ORDER BY ts DESC, group_key, receiver, attempt DESC LIMIT " + offset + ", " + limit;
        return new Page<>(clickhouse.query(sql).stream().map(r -> new Notification(Rows.time(r, "ts"), Rows.text(r, "group_key"),
                Rows.text(r, "receiver"), Rows.text(r, "integration"), Rows.text(r, "status"), (int) Rows.integer(r, "attempt"),
                (int) Rows.integer(r, "http_status"), Rows.text(r, "dedup_key"), Rows.integer(r, "alert_count"),
                Rows.integer(r, "firing") != 0, Rows.text(r, "error"))).toList(), total, offset, limit);
    }

    /** State changes in the range whose label {@code label} is {@code value}, oldest first, at most {@code limit}. */
    public List<AlertEvent> withLabel(TimeRange range, String label, String value, int limit) {
        Page.check(0, limit);
        String sql = "SELECT " + EVENT_COLUMNS + " FROM alert_events WHERE " + range.where("ts") + " AND label_values[indexOf(label_keys, "
                + Sql.string(label) + ")] = " + Sql.string(value) + " ORDER BY ts, fingerprint LIMIT " + limit;
        return clickhouse.query(sql).stream().map(AlertQueries::toEvent).toList();
    }

    private static AlertEvent toEvent(JsonNode r) {
        return toEvent(r, "ts");
    }

    private static AlertEvent toEvent(JsonNode r, String timeColumn) {
        return new AlertEvent(Rows.time(r, timeColumn), Rows.text(r, "fingerprint"), Rows.text(r, "alertname"), Rows.text(r, "status"),
                Rows.text(r, "severity"), Rows.text(r, "source"), Rows.time(r, "starts_at"), Rows.time(r, "ends_at"),
                Rows.labels(r, "label_keys", "label_values"), Rows.labels(r, "annotation_keys", "annotation_values"),
                Rows.text(r, "group_key"));
    }
}
