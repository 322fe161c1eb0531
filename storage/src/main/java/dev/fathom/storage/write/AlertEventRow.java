package dev.fathom.storage.write;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of {@code alert_events} (schema 014): an alert state change the alerts service saw.
 * {@code endsAt} may be null (still firing): stored as the epoch.
 */
public record AlertEventRow(
        Instant time,
        String fingerprint,
        String alertname,
        String status,
        String severity,
        String source,
        Instant startsAt,
        Instant endsAt,
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations,
        String groupKey) {

    public AlertEventRow {
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
    }

    public static final RowFormat<AlertEventRow> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "alert_events";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "fingerprint", "alertname", "status", "severity", "source", "starts_at", "ends_at",
                    "label_keys", "label_values", "annotation_keys", "annotation_values", "group_key");
        }

        @Override
        public int estimatedRowBytes() {
            return 512;
        }

        @Override
        public void write(AlertEventRow r, RowBinaryOutput out) {
            out.dateTime(r.time().getEpochSecond()).string(r.fingerprint()).string(r.alertname()).string(r.status())
                    .string(r.severity()).string(r.source()).dateTime(seconds(r.startsAt())).dateTime(seconds(r.endsAt()))
                    .stringArray(r.labels().keySet(), r.labels().size()).stringArray(r.labels().values(), r.labels().size())
                    .stringArray(r.annotations().keySet(), r.annotations().size())
                    .stringArray(r.annotations().values(), r.annotations().size()).string(r.groupKey());
        }
    };

    static long seconds(Instant t) {
        return t == null ? 0 : t.getEpochSecond();
    }
}
