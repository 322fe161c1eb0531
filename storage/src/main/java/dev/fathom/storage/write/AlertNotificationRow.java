package dev.fathom.storage.write;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code alert_notifications} (schema 014): one delivery attempt. {@code receiver} is
 * the configured name, never a URL or key.
 */
public record AlertNotificationRow(
        Instant time,
        String groupKey,
        String receiver,
        String integration,
        String status,
        int attempt,
        int httpStatus,
        String dedupKey,
        long alertCount,
        boolean firing,
        String error) {

    public static final RowFormat<AlertNotificationRow> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "alert_notifications";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "group_key", "receiver", "integration", "status", "attempt", "http_status", "dedup_key",
                    "alert_count", "firing", "error");
        }

        @Override
        public void write(AlertNotificationRow r, RowBinaryOutput out) {
            out.dateTime(r.time().getEpochSecond()).string(r.groupKey()).string(r.receiver()).string(r.integration())
                    .string(r.status()).uint16(r.attempt()).uint16(r.httpStatus()).string(r.dedupKey()).uint32(r.alertCount())
                    .uint8(r.firing() ? 1 : 0).string(r.error());
        }
    };
}
