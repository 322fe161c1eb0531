package dev.fathom.dashboard.alert;

import java.time.Instant;
import java.util.Map;

/** One alert state change from alert_events. */
public record AlertEvent(Instant time, String fingerprint, String alertname, String status, String severity, String source,
        Instant startsAt, Map<String, String> labels, String summary) {

    /** Labels as "k=v, k=v" without alertname, which has its own column. */
    public String labelText() {
        StringBuilder text = new StringBuilder();
        labels.forEach((k, v) -> {
            if (!k.equals("alertname")) {
                text.append(text.isEmpty() ? "" : ", ").append(k).append('=').append(v);
            }
        });
        return text.toString();
    }
}
