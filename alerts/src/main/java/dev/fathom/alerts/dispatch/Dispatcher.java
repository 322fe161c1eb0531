package dev.fathom.alerts.dispatch;

import dev.fathom.model.alert.Alert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Routes alerts into aggregation groups and flushes the groups that are due. Time comes in as an
 * argument, so a test drives it with any clock. Not thread-safe: the engine guards it.
 */
public final class Dispatcher {

    /** What happens to a group's alerts at a flush (mute, dedup, queue notifications). */
    public interface Flusher {
        void flush(AggregationGroup group, List<Alert> alerts, Instant now);
    }

    private final Route root;
    private final Flusher flusher;
    private final Map<String, AggregationGroup> groups = new LinkedHashMap<>();

    public Dispatcher(Route root, Flusher flusher) {
        this.root = root;
        this.flusher = flusher;
    }

    /** Puts the alert into the group of every route that takes it; returns those groups' keys. */
    public List<String> insert(Alert alert, Instant now) {
        List<String> keys = new ArrayList<>();
        for (Route route : root.match(alert.labels())) {
            SortedMap<String, String> labels = route.groupLabels(alert.labels());
            String key = route.groupKey(labels);
            AggregationGroup group = groups.computeIfAbsent(key, k -> new AggregationGroup(route, labels, now));
            group.insert(alert, now);
            keys.add(key);
        }
        return keys;
    }

    /** Flushes every group whose time has come. */
    public void tick(Instant now) {
        for (AggregationGroup group : new ArrayList<>(groups.values())) {
            if (group.nextFlush().isAfter(now)) {
                continue;
            }
            List<Alert> alerts = group.snapshot();
            flusher.flush(group, alerts, now);
            group.flushed(alerts, now);
            if (group.isEmpty()) {
                groups.remove(group.key());
            }
        }
    }

    /** When the next group is due, if any. */
    public Optional<Instant> nextFlush() {
        return groups.values().stream().map(AggregationGroup::nextFlush).min(Instant::compareTo);
    }

    /** The groups that hold this alert. */
    public List<AggregationGroup> groupsOf(String fingerprint) {
        return groups.values().stream().filter(g -> g.contains(fingerprint)).toList();
    }

    public Collection<AggregationGroup> groups() {
        return List.copyOf(groups.values());
    }

    public Route root() {
        return root;
    }
}
