package dev.fathom.dashboard.alert;

import java.time.Instant;

/** One notification attempt from alert_notifications. */
public record AlertNotification(Instant time, String groupKey, String receiver, String integration, String status, int attempt,
        int httpStatus, boolean firing, int alertCount, String error) {}
