package dev.fathom.alerts.dispatch;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.match.Matcher;
import dev.fathom.alerts.match.Matchers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A node of the routing tree with its options resolved (a child inherits what it leaves unset).
 * {@link #match} follows Alertmanager: depth first, the first matching child wins unless it has
 * {@code continue: true}; a node no child takes the alert from handles it itself.
 */
public final class Route {

    /** Alertmanager's defaults for the root. */
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

    private final String key;
    private final String receiver;
    private final List<Matcher> matchers;
    private final boolean continues;
    private final List<String> groupBy;
    private final boolean groupByAll;
    private final Duration groupWait;
    private final Duration groupInterval;
    private final Duration repeatInterval;
    private final List<Route> children = new ArrayList<>();

    private Route(AlertsConfig.Route config, Route parent, int index) {
        this.matchers = config.parsedMatchers();
        String matcherText = matchers.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
        this.key = parent == null ? matcherText : parent.key + "/" + matcherText + "/" + index;
        this.receiver = config.receiver() != null ? config.receiver() : parent.receiver;
        this.continues = config.continues();
        List<String> by = config.groupBy() != null ? config.groupBy() : parent != null ? parent.groupBy : List.of();
        this.groupByAll = by.contains("...");
        this.groupBy = groupByAll ? List.of("...") : List.copyOf(by);
        this.groupWait = pick(config.groupWait(), parent == null ? DEFAULT_GROUP_WAIT : parent.groupWait);
        this.groupInterval = pick(config.groupInterval(), parent == null ? DEFAULT_GROUP_INTERVAL : parent.groupInterval);
        this.repeatInterval = pick(config.repeatInterval(), parent == null ? DEFAULT_REPEAT_INTERVAL : parent.repeatInterval);
        for (int i = 0; i < config.routes().size(); i++) {
            children.add(new Route(config.routes().get(i), this, i));
        }
    }

    public static Route tree(AlertsConfig.Route root) {
        return new Route(root, null, 0);
    }

    private static Duration pick(Duration own, Duration inherited) {
        return own != null ? own : inherited;
    }

    /** The routes that handle an alert with these labels; empty only if this node does not match. */
    public List<Route> match(Map<String, String> labels) {
        if (!Matchers.matchAll(matchers, labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : children) {
            List<Route> matches = child.match(labels);
            all.addAll(matches);
            if (!matches.isEmpty() && !child.continues) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** The labels an alert is grouped by on this route. */
    public SortedMap<String, String> groupLabels(Map<String, String> labels) {
        SortedMap<String, String> out = new TreeMap<>();
        if (groupByAll) {
            out.putAll(labels);
        } else {
            for (String name : groupBy) {
                String v = labels.get(name);
                if (v != null && !v.isEmpty()) {
                    out.put(name, v);
                }
            }
        }
        return out;
    }

    /** Alertmanager's group key: the route's key, then the group labels, e.g. {@code {}/{severity="critical"}/0:{alertname="X"}}. */
    public String groupKey(SortedMap<String, String> groupLabels) {
        return key + ":" + groupLabels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    public String key() {
        return key;
    }

    public String receiver() {
        return receiver;
    }

    public List<String> groupBy() {
        return groupBy;
    }

    public Duration groupWait() {
        return groupWait;
    }

    public Duration groupInterval() {
        return groupInterval;
    }

    public Duration repeatInterval() {
        return repeatInterval;
    }

    public List<Route> children() {
        return List.copyOf(children);
    }
}
