package dev.fathom.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.state.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each integration was last told about each alert group (Alertmanager's nflog): the firing
 * and resolved alerts and when. Every entry goes to the journal before it counts, so after a
 * restart the service knows a page was sent and does not send it again.
 */
public final class NotificationLog {

    /** One integration's last successful notification for one group. */
    public record Entry(Set<String> firing, Set<String> resolved, Instant timestamp) {}

    private final Map<String, Entry> entries = new HashMap<>();
    private final Journal journal;

    public NotificationLog(Journal journal) {
        this.journal = journal;
    }

    public static String key(String integrationKey, String groupKey) {
        return integrationKey + "|" + groupKey;
    }

    public synchronized Optional<Entry> get(String integrationKey, String groupKey) {
        return Optional.ofNullable(entries.get(key(integrationKey, groupKey)));
    }

    public void record(String integrationKey, String groupKey, Set<String> firing, Set<String> resolved, Instant at) {
        record(integrationKey, groupKey, firing, resolved, at, null);
    }

    /** Records an entry; {@code alongside}, when given, goes to the journal in the same disk flush. */
    public void record(String integrationKey, String groupKey, Set<String> firing, Set<String> resolved, Instant at, ObjectNode alongside) {
        Entry entry = new Entry(Set.copyOf(firing), Set.copyOf(resolved), at);
        // Memory first, then the journal, without holding this lock (see Journal#rewrite).
        synchronized (this) {
            entries.put(key(integrationKey, groupKey), entry);
        }
        ObjectNode record = toJson(key(integrationKey, groupKey), entry);
        journal.appendAll(alongside == null ? List.of(record) : List.of(record, alongside));
    }

    /** Alertmanager's dedup decision: does this group's state need a notification now? */
    public static boolean needsUpdate(Entry entry, Set<String> firing, Set<String> resolved, boolean sendResolved, Duration repeat, Instant now) {
        if (entry == null) {
            return !firing.isEmpty();
        }
        if (!firing.containsAll(entry.firing())) {
            return true; // an alert we told about is no longer firing: it resolved
        }
        if (!entry.firing().containsAll(firing)) {
            return true; // a new alert fires
        }
        if (firing.isEmpty()) {
            // All resolved. Nothing to say if the last notification had nothing firing either.
            return !entry.firing().isEmpty();
        }
        if (sendResolved && !entry.resolved().containsAll(resolved)) {
            return true;
        }
        return !entry.timestamp().isAfter(now.minus(repeat));
    }

    // The journal form.

    public synchronized void restore(JsonNode record) {
        entries.put(record.get("key").asText(), new Entry(Notification.strings(record.get("firing")),
                Notification.strings(record.get("resolved")), Instant.parse(record.get("ts").asText())));
    }

    public synchronized List<ObjectNode> snapshot() {
        List<ObjectNode> out = new ArrayList<>();
        entries.forEach((k, e) -> out.add(toJson(k, e)));
        return out;
    }

    /** Forgets entries older than {@code retention} (Alertmanager keeps 120h). */
    public synchronized void collectGarbage(Instant now, Duration retention) {
        entries.values().removeIf(e -> e.timestamp().plus(retention).isBefore(now));
    }

    private static ObjectNode toJson(String key, Entry e) {
        ObjectNode n = Journal.record("nflog");
        n.put("key", key);
        ArrayNode f = n.putArray("firing");
        e.firing().stream().sorted().forEach(f::add);
        ArrayNode r = n.putArray("resolved");
        e.resolved().stream().sorted().forEach(r::add);
        n.put("ts", e.timestamp().toString());
        return n;
    }
}
