package dev.fathom.alerts.notify.pagerduty;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.notify.MessageText;
import dev.fathom.alerts.notify.Notification;
import dev.fathom.alerts.notify.Notifier;
import dev.fathom.alerts.notify.OutboundRequest;
import dev.fathom.alerts.notify.PagerDutyText;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertLabels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * PagerDuty Events API v2. A group that fires sends {@code trigger}, one whose alerts have all
 * resolved sends {@code resolve}, both with the same {@code dedup_key}: the SHA-256 of the group
 * key (as Alertmanager does), so it is the same after a restart. The summary is cut to 1024
 * characters and the whole event kept under PagerDuty's 512 kB by trimming the alert details.
 */
public final class PagerDutyNotifier implements Notifier {

    public static final int MAX_SUMMARY = 1024;
    public static final int MAX_EVENT_BYTES = 512 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertsConfig.PagerDutyConfig config;
    private final String dashboardUrl;

    public PagerDutyNotifier(AlertsConfig.PagerDutyConfig config, String dashboardUrl) {
        this.config = config;
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public String integration() {
        return "pagerduty";
    }

    @Override
    public boolean sendResolved() {
        return config.sendResolved();
    }

    @Override
    public List<String> secrets() {
        return List.of(config.routingKey().value());
    }

    @Override
    public String dedupKey(Notification n) {
        return dedupKey(n.groupKey());
    }

    public static String dedupKey(String groupKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(groupKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public OutboundRequest render(Notification n) {
        byte[] body = event(n).toString().getBytes(StandardCharsets.UTF_8);
        return new OutboundRequest(URI.create(config.url()), Map.of(), body);
    }

    /** The Events v2 body. */
    public ObjectNode event(Notification n) {
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", config.routingKey().value());
        boolean firing = !n.firing().isEmpty();
        event.put("event_action", firing ? "trigger" : "resolve");
        event.put("dedup_key", dedupKey(n));
        if (!firing) {
            return event;
        }
        List<Alert> alerts = n.firingAlerts();
        Alert first = alerts.get(0);
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", MessageText.truncate(MessageText.title(n) + ": " + MessageText.summary(first), MAX_SUMMARY));
        payload.put("source", config.source() != null ? config.source()
                : firstNonEmpty(first.label("host"), first.label("service"), "fathom-alerts"));
        payload.put("severity", PagerDutyText.severity(MessageText.severity(n)));
        payload.put("timestamp", first.startsAt().toString());
        String component = firstNonEmpty(n.commonLabels().getOrDefault("service", ""), n.commonLabels().getOrDefault("metric", ""), "");
        if (!component.isEmpty()) {
            payload.put("component", component);
        }
        String group = firstNonEmpty(n.commonLabels().getOrDefault("team", ""), n.commonLabels().getOrDefault("cluster", ""), "");
        if (!group.isEmpty()) {
            payload.put("group", group);
        }
        payload.put("class", first.label(AlertLabels.ALERTNAME));
        ObjectNode details = payload.putObject("custom_details");
        details.put("num_firing", n.firing().size());
        details.put("num_resolved", n.resolved().size());
        ObjectNode groupLabels = details.putObject("group_labels");
        n.groupLabels().forEach(groupLabels::put);
        details.put("firing", alerts.stream().map(a -> MessageText.series(a) + ": " + MessageText.summary(a)
                + MessageText.details(a).entrySet().stream().map(e -> ", " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining()))
                .collect(Collectors.joining("\n")));
        ArrayNode list = details.putArray("alerts");
        for (Alert a : alerts) {
            ObjectNode item = list.addObject();
            ObjectNode labels = item.putObject("labels");
            a.labels().forEach(labels::put);
            ObjectNode annotations = item.putObject("annotations");
            a.annotations().forEach(annotations::put);
            item.put("startsAt", a.startsAt().toString());
        }
        event.put("client", "Fathom");
        String timeline = MessageText.timelineUrl(dashboardUrl, n);
        event.put("client_url", timeline);
        event.putArray("links").addObject().put("href", timeline).put("text", "Timeline in Fathom");
        shrinkToCap(event, details, list);
        return event;
    }

    /** Drops alert details from the end, then the text list, until the event fits in 512 kB. */
    private static void shrinkToCap(ObjectNode event, ObjectNode details, ArrayNode list) {
        int dropped = 0;
        while (size(event) > MAX_EVENT_BYTES && list.size() > 0) {
            list.remove(list.size() - 1);
            dropped++;
        }
        if (dropped > 0) {
            details.put("alerts_omitted", dropped);
        }
        if (size(event) > MAX_EVENT_BYTES) {
            String firing = details.get("firing").asText();
            int over = size(event) - MAX_EVENT_BYTES;
            details.put("firing", MessageText.truncate(firing, Math.max(1, firing.length() - over - 1000)));
        }
    }

    private static int size(ObjectNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }
}
