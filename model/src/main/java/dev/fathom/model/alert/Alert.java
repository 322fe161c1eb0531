package dev.fathom.model.alert;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert as it travels on {@link dev.fathom.model.Topics#ALERTS}: the same shape as
 * Prometheus Alertmanager's postable alert (API v2 {@code POST /api/v2/alerts}), so SREs meet
 * the semantics they know and an alert can be forwarded to an Alertmanager unchanged.
 *
 * <p>An alert is identified by its labels (see {@link #fingerprint()}). It is firing while
 * {@code endsAt} is absent or in the future, and resolved once {@code endsAt} has passed; a
 * producer resolves an alert by sending it again with {@code endsAt} set.
 *
 * @param labels identity and routing labels; {@link AlertLabels#ALERTNAME} is required
 * @param annotations human text: summary, description, runbook_url, and Fathom's context
 *     (value, expected range, score, dashboard link)
 * @param startsAt when the condition began
 * @param endsAt when it ended, or null while firing
 * @param generatorURL where to look: a link into the dashboard, or ""
 */
public record Alert(
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL) {

    public Alert {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
        annotations = Collections.unmodifiableSortedMap(
                new TreeMap<>(annotations == null ? Map.of() : annotations));
        Objects.requireNonNull(startsAt, "startsAt");
        generatorURL = generatorURL == null ? "" : generatorURL;
        if (labels.getOrDefault(AlertLabels.ALERTNAME, "").isEmpty()) {
            throw new IllegalArgumentException("an alert needs a non-empty '" + AlertLabels.ALERTNAME + "' label");
        }
        if (endsAt != null && endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("alert " + labels + " ends (" + endsAt + ") before it starts (" + startsAt + ")");
        }
    }

    /** A firing alert. */
    public static Alert firing(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, String generatorURL) {
        return new Alert(new TreeMap<>(labels), new TreeMap<>(annotations), startsAt, null, generatorURL);
    }

    /** The same alert, resolved at {@code at}. */
    public Alert resolvedAt(Instant at) {
        return new Alert(labels, annotations, startsAt, at.isBefore(startsAt) ? startsAt : at, generatorURL);
    }

    /** The value of a label, or "" when absent. */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }

    /** True when the alert has ended at {@code now}. */
    public boolean isResolvedAt(Instant now) {
        return endsAt != null && !endsAt.isAfter(now);
    }

    /**
     * A stable identity of the alert: FNV-1a 64 over its sorted labels, as 16 hex digits. Equal
     * label sets give equal fingerprints in every JVM and every run.
     */
    public String fingerprint() {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            hash = fnv(hash, label.getKey());
            hash = fnv(hash, label.getValue());
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            hash ^= c & 0xff;
            hash *= 0x100000001b3L;
            hash ^= c >>> 8;
            hash *= 0x100000001b3L;
        }
        hash ^= 0xff; // separator, so ("ab","c") differs from ("a","bc")
        hash *= 0x100000001b3L;
        return hash;
    }
}
