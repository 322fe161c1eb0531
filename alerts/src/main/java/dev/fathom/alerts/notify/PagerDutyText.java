package dev.fathom.alerts.notify;

import java.util.Locale;

/** PagerDuty's four severities from Fathom's (and common Prometheus) severity labels. */
public final class PagerDutyText {

    private PagerDutyText() {}

    /** critical|page|p1 → critical; error|high|major|p2 → error; warning|warn|ticket|minor|p3 → warning; else info. */
    public static String severity(String label) {
        return switch (label == null ? "" : label.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "p1", "fatal", "emergency" -> "critical";
            case "error", "high", "major", "p2" -> "error";
            case "warning", "warn", "ticket", "minor", "p3" -> "warning";
            default -> "info";
        };
    }
}
