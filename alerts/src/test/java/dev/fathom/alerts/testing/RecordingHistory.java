package dev.fathom.alerts.testing;

import dev.fathom.alerts.history.AlertHistory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps history in memory so tests can read what was recorded. */
public final class RecordingHistory implements AlertHistory {

    public final List<AlertEvent> events = new CopyOnWriteArrayList<>();
    public final List<NotificationAttempt> attempts = new CopyOnWriteArrayList<>();

    @Override
    public void alertEvent(AlertEvent event) {
        events.add(event);
    }

    @Override
    public void notificationAttempt(NotificationAttempt attempt) {
        attempts.add(attempt);
    }

    @Override
    public void close() {}
}
