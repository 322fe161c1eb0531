package dev.fathom.dashboard.alert;

import dev.fathom.dashboard.time.TimeRange;
import java.util.List;

/** What the alerts view reads from alert history. A port over storage (see {@link ClickHouseAlertData}). */
public interface AlertData {

    /** Alerts whose latest state in or before the window's end is firing, newest first. */
    List<AlertEvent> firing(TimeRange.Window window);

    /** State changes in the window, newest first, for a lazy grid. */
    List<AlertEvent> events(TimeRange.Window window, int offset, int limit);

    int countEvents(TimeRange.Window window);

    /** Notification attempts in the window, newest first. */
    List<AlertNotification> notifications(TimeRange.Window window, int offset, int limit);

    int countNotifications(TimeRange.Window window);

    /** State changes of alerts that carry {@code label=value}, oldest first (the timeline). */
    List<AlertEvent> eventsWithLabel(TimeRange.Window window, String label, String value, int limit);
}
