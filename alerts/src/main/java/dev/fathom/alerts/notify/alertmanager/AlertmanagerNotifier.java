package dev.fathom.alerts.notify.alertmanager;

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
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Forwards a group's alerts to an existing Alertmanager through its API v2
 * ({@code POST /api/v2/alerts}, an array of postable alerts). Resolved alerts carry their endsAt;
 * firing ones none, so that Alertmanager's resolve_timeout applies: route them with a
 * repeat_interval below it. Label names Alertmanager refuses (anything but
 * {@code [a-zA-Z_][a-zA-Z0-9_]*}, e.g. OpenTelemetry's dotted names) have the other characters
 * replaced by {@code _}.
 */
public final class AlertmanagerNotifier implements Notifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertsConfig.AlertmanagerConfig config;

    public AlertmanagerNotifier(AlertsConfig.AlertmanagerConfig config) {
        this.config = config;
    }

    @Override
    public String integration() {
        return "alertmanager";
    }

    @Override
    public boolean sendResolved() {
        return config.sendResolved();
    }

    @Override
    public List<String> secrets() {
        if (config.bearerToken() != null) {
            return List.of(config.bearerToken().value());
        }
        if (config.basicAuth() != null) {
            return List.of(config.basicAuth().password().value(), basicCredentials());
        }
        return List.of();
    }

    @Override
    public OutboundRequest render(Notification n) {
        Map<String, String> headers = Map.of();
        if (config.bearerToken() != null) {
            headers = Map.of("Authorization", "Bearer " + config.bearerToken().value());
        } else if (config.basicAuth() != null) {
            headers = Map.of("Authorization", "Basic " + basicCredentials());
        }
        return new OutboundRequest(URI.create(config.url() + "/api/v2/alerts"), headers, body(n).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code user:password} in Base64, as HTTP Basic authentication sends it (itself a secret). */
    private String basicCredentials() {
        String pair = config.basicAuth().username() + ":" + config.basicAuth().password().value();
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    public static ArrayNode body(Notification n) {
        ArrayNode list = JSON.createArrayNode();
        for (Alert a : n.alerts()) {
            ObjectNode item = list.addObject();
            ObjectNode labels = item.putObject("labels");
            a.labels().forEach((k, v) -> labels.put(labelName(k), v));
            ObjectNode annotations = item.putObject("annotations");
            a.annotations().forEach((k, v) -> annotations.put(labelName(k), v));
            item.put("startsAt", a.startsAt().toString());
            if (!n.isFiring(a) && a.endsAt() != null) {
                item.put("endsAt", a.endsAt().toString());
            }
            item.put("generatorURL", a.generatorURL());
        }
        return list;
    }

    /** A label name Alertmanager accepts. */
    public static String labelName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9';
            out.append(ok ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }
}
