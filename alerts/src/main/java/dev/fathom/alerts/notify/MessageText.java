package dev.fathom.alerts.notify;

import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertLabels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The words every integration uses for a notification: title, severity, series, value, link. */
public final class MessageText {

    /** Labels that say what kind of alert it is rather than which series. */
    private static final Set<String> NOT_SERIES = Set.of(AlertLabels.ALERTNAME, AlertLabels.SEVERITY, AlertLabels.SOURCE);
    private static final List<String> SEVERITY_ORDER = List.of("critical", "error", "warning", "info");

    private MessageText() {}

    /** {@code [FIRING:2] GpuTooHot host=gpu-1} or {@code [RESOLVED] GpuTooHot host=gpu-1}, like Alertmanager's default title. */
    public static String title(Notification n) {
        String status = n.firing().isEmpty() ? "[RESOLVED]" : "[FIRING:" + n.firing().size() + "]";
        String name = n.commonLabels().getOrDefault(AlertLabels.ALERTNAME,
                n.alerts().isEmpty() ? "" : n.alerts().get(0).label(AlertLabels.ALERTNAME));
        String groupValues = n.groupLabels().entrySet().stream()
                .filter(e -> !e.getKey().equals(AlertLabels.ALERTNAME))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return (status + " " + name + (groupValues.isEmpty() ? "" : " " + groupValues)).trim();
    }

    /** The most severe {@code severity} label among the alerts that matter (firing ones, else all). */
    public static String severity(Notification n) {
        List<Alert> alerts = n.firing().isEmpty() ? n.alerts() : n.firingAlerts();
        String best = "";
        int rank = Integer.MAX_VALUE;
        for (Alert a : alerts) {
            String s = a.label(AlertLabels.SEVERITY);
            int r = SEVERITY_ORDER.indexOf(PagerDutyText.severity(s));
            if (r < rank) {
                rank = r;
                best = s;
            }
        }
        return best.isEmpty() ? "none" : best;
    }

    /** The labels that name the affected series, e.g. {@code host=gpu-1 gpu_uuid=GPU-3f...}. */
    public static String series(Alert a) {
        String s = a.labels().entrySet().stream().filter(e -> !NOT_SERIES.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return s.isEmpty() ? a.label(AlertLabels.ALERTNAME) : s;
    }

    /** One line for a human: summary, else description, else the alert name. */
    public static String summary(Alert a) {
        String s = a.annotations().getOrDefault(AlertLabels.SUMMARY, "");
        if (s.isEmpty()) {
            s = a.annotations().getOrDefault(AlertLabels.DESCRIPTION, "");
        }
        return s.isEmpty() ? a.label(AlertLabels.ALERTNAME) : s;
    }

    /** Annotations beyond summary and description: value, expected range, score, runbook... */
    public static Map<String, String> details(Alert a) {
        return a.annotations().entrySet().stream()
                .filter(e -> !e.getKey().equals(AlertLabels.SUMMARY) && !e.getKey().equals(AlertLabels.DESCRIPTION))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, java.util.TreeMap::new));
    }

    /**
     * The dashboard's timeline view around the group: from an hour before the first alert began to
     * 15 minutes after the flush, filtered by the group's labels.
     */
    public static String timelineUrl(String dashboardUrl, Notification n) {
        Instant first = n.alerts().stream().map(Alert::startsAt).min(Instant::compareTo).orElse(n.flushedAt());
        StringBuilder url = new StringBuilder(dashboardUrl).append("/timeline?from=")
                .append(first.minus(Duration.ofHours(1)).toEpochMilli())
                .append("&to=").append(n.flushedAt().plus(Duration.ofMinutes(15)).toEpochMilli());
        n.groupLabels().forEach((k, v) -> url.append('&').append(encode(k)).append('=').append(encode(v)));
        return url.toString();
    }

    public static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
