package dev.fathom.alerts.dispatch;

import dev.fathom.model.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Alerts that share a route and group labels, flushed together: first after group_wait, then
 * every group_interval (Alertmanager's aggregation group).
 */
public final class AggregationGroup {

    private final Route route;
    private final String key;
    private final SortedMap<String, String> labels;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private Instant nextFlush;
    private boolean flushed;

    AggregationGroup(Route route, SortedMap<String, String> labels, Instant now) {
        this.route = route;
        this.labels = labels;
        this.key = route.groupKey(labels);
        this.nextFlush = now.plus(route.groupWait());
    }

    void insert(Alert alert, Instant now) {
        alerts.put(alert.fingerprint(), alert);
        // An alert that began longer than group_wait ago (e.g. restored after a restart) needs no
        // further wait, as in Alertmanager.
        if (!flushed && alert.startsAt().plus(route.groupWait()).isBefore(now) && nextFlush.isAfter(now)) {
            nextFlush = now;
        }
    }

    List<Alert> snapshot() {
        return new ArrayList<>(alerts.values());
    }

    /** After a flush: drops the resolved alerts that were sent unchanged, and schedules the next flush. */
    void flushed(List<Alert> sent, Instant now) {
        for (Alert a : sent) {
            if (a.isResolvedAt(now) && a.equals(alerts.get(a.fingerprint()))) {
                alerts.remove(a.fingerprint());
            }
        }
        flushed = true;
        nextFlush = now.plus(route.groupInterval());
    }

    boolean isEmpty() {
        return alerts.isEmpty();
    }

    public Route route() {
        return route;
    }

    public String key() {
        return key;
    }

    public SortedMap<String, String> labels() {
        return labels;
    }

    public Instant nextFlush() {
        return nextFlush;
    }

    public boolean contains(String fingerprint) {
        return alerts.containsKey(fingerprint);
    }
}
