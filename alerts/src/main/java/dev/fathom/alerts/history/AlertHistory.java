package dev.fathom.alerts.history;

import dev.fathom.model.alert.Alert;
import java.time.Instant;

/** Where alert state changes and notification attempts are recorded for the dashboard. */
public interface AlertHistory extends AutoCloseable {

    /** An alert changed state: firing, resolved, silenced or inhibited. */
    record AlertEvent(Instant ts, Alert alert, String status, String groupKey) {}

    /**
     * One notification attempt. {@code status}: sent, retrying (a retryable failure, tried again
     * soon), queued (attempts used up, kept and tried again later), failed (not retryable, dropped).
     * {@code receiver} is the configured name, never a URL or key.
     */
    record NotificationAttempt(Instant ts, String groupKey, String receiver, String integration, String status,
                               int attempt, int httpStatus, String dedupKey, int alertCount, boolean firing, String error) {}

    void alertEvent(AlertEvent event);

    void notificationAttempt(NotificationAttempt attempt);

    @Override
    void close();

    /** Records nothing (no ClickHouse configured). */
    AlertHistory NONE = new AlertHistory() {
        @Override
        public void alertEvent(AlertEvent event) {}

        @Override
        public void notificationAttempt(NotificationAttempt attempt) {}

        @Override
        public void close() {}
    };
}
