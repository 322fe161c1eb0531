package dev.fathom.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one integration is to be told about one alert group at one flush: the group, its alerts
 * as they were at {@code flushedAt}, and which of them were firing or resolved then. Queued,
 * persisted and retried as a unit; the request body is rendered from it at each attempt, so the
 * state file never holds a secret.
 *
 * @param integrationKey receiver name, integration type and index, e.g. {@code oncall/pagerduty/0}
 */
public record Notification(
        String id,
        String integrationKey,
        String receiver,
        String groupKey,
        SortedMap<String, String> groupLabels,
        List<Alert> alerts,
        Set<String> firing,
        Set<String> resolved,
        Instant flushedAt) {

    public Notification {
        groupLabels = new TreeMap<>(groupLabels);
        alerts = alerts.stream().sorted(Comparator.comparing(Alert::startsAt).thenComparing(Alert::fingerprint)).toList();
        firing = Set.copyOf(firing);
        resolved = Set.copyOf(resolved);
    }

    public boolean isFiring(Alert a) {
        return firing.contains(a.fingerprint());
    }

    /** "firing" when any alert fires, else "resolved" (Alertmanager's group status). */
    public String status() {
        return firing.isEmpty() ? "resolved" : "firing";
    }

    public List<Alert> firingAlerts() {
        return alerts.stream().filter(this::isFiring).toList();
    }

    public List<Alert> resolvedAlerts() {
        return alerts.stream().filter(a -> !isFiring(a)).toList();
    }

    /** Labels every alert of the notification shares. */
    public SortedMap<String, String> commonLabels() {
        return common(alerts.stream().map(Alert::labels).toList());
    }

    public SortedMap<String, String> commonAnnotations() {
        return common(alerts.stream().map(Alert::annotations).toList());
    }

    private static SortedMap<String, String> common(List<SortedMap<String, String>> maps) {
        SortedMap<String, String> out = new TreeMap<>();
        if (maps.isEmpty()) {
            return out;
        }
        out.putAll(maps.get(0));
        for (Map<String, String> m : maps) {
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return out;
    }

    /** Alertmanager's per-alert status in a notification. */
    public String statusOf(Alert a) {
        return isFiring(a) ? "firing" : "resolved";
    }

    /** True when {@code other} tells of the same firing and resolved alerts. */
    public boolean sameContent(Notification other) {
        return other != null && firing.equals(other.firing) && resolved.equals(other.resolved);
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", id);
        n.put("integrationKey", integrationKey);
        n.put("receiver", receiver);
        n.put("groupKey", groupKey);
        ObjectNode gl = n.putObject("groupLabels");
        groupLabels.forEach(gl::put);
        ArrayNode list = n.putArray("alerts");
        alerts.forEach(a -> list.add(AlertJson.toNode(a)));
        ArrayNode f = n.putArray("firing");
        firing.stream().sorted().forEach(f::add);
        ArrayNode r = n.putArray("resolved");
        resolved.stream().sorted().forEach(r::add);
        n.put("flushedAt", flushedAt.toString());
        return n;
    }

    public static Notification fromJson(JsonNode n) {
        SortedMap<String, String> gl = new TreeMap<>();
        n.get("groupLabels").fields().forEachRemaining(e -> gl.put(e.getKey(), e.getValue().asText()));
        List<Alert> alerts = new ArrayList<>();
        n.get("alerts").forEach(a -> alerts.add(AlertJson.fromNode(a)));
        return new Notification(n.get("id").asText(), n.get("integrationKey").asText(), n.get("receiver").asText(),
                n.get("groupKey").asText(), gl, alerts, strings(n.get("firing")), strings(n.get("resolved")),
                Instant.parse(n.get("flushedAt").asText()));
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new LinkedHashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
