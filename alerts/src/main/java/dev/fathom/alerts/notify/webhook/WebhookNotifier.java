package dev.fathom.alerts.notify.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.notify.Notification;
import dev.fathom.alerts.notify.Notifier;
import dev.fathom.alerts.notify.OutboundRequest;
import dev.fathom.model.alert.Alert;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A generic webhook with Alertmanager's webhook body (version "4"), so anything written for
 * Alertmanager's webhook receiver reads Fathom's notifications unchanged.
 */
public final class WebhookNotifier implements Notifier {

    /** Alertmanager writes this for an unset endsAt. */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertsConfig.WebhookConfig config;
    private final String externalUrl;

    public WebhookNotifier(AlertsConfig.WebhookConfig config, String externalUrl) {
        this.config = config;
        this.externalUrl = externalUrl;
    }

    @Override
    public String integration() {
        return "webhook";
    }

    @Override
    public boolean sendResolved() {
        return config.sendResolved();
    }

    @Override
    public List<String> secrets() {
        return List.of(config.url().value());
    }

    @Override
    public OutboundRequest render(Notification n) {
        return new OutboundRequest(URI.create(config.url().value()), Map.of(), body(n, externalUrl, config.maxAlerts()).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Alertmanager's webhook body for a notification; {@code maxAlerts} 0 means all. */
    public static ObjectNode body(Notification n, String externalUrl, int maxAlerts) {
        ObjectNode body = JSON.createObjectNode();
        List<Alert> alerts = n.alerts();
        int truncated = maxAlerts > 0 && alerts.size() > maxAlerts ? alerts.size() - maxAlerts : 0;
        if (truncated > 0) {
            alerts = alerts.subList(0, maxAlerts);
        }
        body.put("version", "4");
        body.put("groupKey", n.groupKey());
        body.put("truncatedAlerts", truncated);
        body.put("status", n.status());
        body.put("receiver", n.receiver());
        ObjectNode groupLabels = body.putObject("groupLabels");
        n.groupLabels().forEach(groupLabels::put);
        ObjectNode commonLabels = body.putObject("commonLabels");
        n.commonLabels().forEach(commonLabels::put);
        ObjectNode commonAnnotations = body.putObject("commonAnnotations");
        n.commonAnnotations().forEach(commonAnnotations::put);
        body.put("externalURL", externalUrl);
        ArrayNode list = body.putArray("alerts");
        for (Alert a : alerts) {
            ObjectNode item = list.addObject();
            item.put("status", n.statusOf(a));
            ObjectNode labels = item.putObject("labels");
            a.labels().forEach(labels::put);
            ObjectNode annotations = item.putObject("annotations");
            a.annotations().forEach(annotations::put);
            item.put("startsAt", a.startsAt().toString());
            item.put("endsAt", n.isFiring(a) || a.endsAt() == null ? ZERO_TIME : a.endsAt().toString());
            item.put("generatorURL", a.generatorURL());
            item.put("fingerprint", a.fingerprint());
        }
        return body;
    }
}
