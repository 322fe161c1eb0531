package dev.fathom.alerts.notify.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.notify.MessageText;
import dev.fathom.alerts.notify.Notification;
import dev.fathom.alerts.notify.Notifier;
import dev.fathom.alerts.notify.OutboundRequest;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertLabels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Slack incoming webhook with a Block Kit message: a header, a section with status and severity,
 * one section per alert (affected series, value, expected range, summary), a context line and a
 * button to the dashboard's timeline, within Slack's 50-block limit, plus {@code text} as the
 * notification fallback.
 */
public final class SlackNotifier implements Notifier {

    /** Slack refuses more than 50 blocks; header, status, "more", context and actions take 5. */
    static final int MAX_ALERT_BLOCKS = 45;
    private static final int MAX_HEADER = 150;
    private static final int MAX_SECTION = 3000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final AlertsConfig.SlackConfig config;
    private final String dashboardUrl;

    public SlackNotifier(AlertsConfig.SlackConfig config, String dashboardUrl) {
        this.config = config;
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public String integration() {
        return "slack";
    }

    @Override
    public boolean sendResolved() {
        return config.sendResolved();
    }

    @Override
    public List<String> secrets() {
        return List.of(config.apiUrl().value());
    }

    @Override
    public OutboundRequest render(Notification n) {
        return new OutboundRequest(URI.create(config.apiUrl().value()), Map.of(), message(n).toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON body: {@code text}, {@code blocks} and, when configured, {@code channel}. */
    public ObjectNode message(Notification n) {
        String title = MessageText.title(n);
        String severity = MessageText.severity(n);
        ObjectNode body = JSON.createObjectNode();
        if (config.channel() != null && !config.channel().isBlank()) {
            body.put("channel", config.channel());
        }
        String first = n.alerts().isEmpty() ? "" : MessageText.summary(n.alerts().get(0));
        body.put("text", MessageText.truncate(title + " (" + severity + ")" + (first.isEmpty() ? "" : ": " + first), MAX_SECTION));
        ArrayNode blocks = body.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", MessageText.truncate(title, MAX_HEADER)).put("emoji", true);

        ObjectNode status = blocks.addObject().put("type", "section");
        ArrayNode fields = status.putArray("fields");
        fields.addObject().put("type", "mrkdwn").put("text", "*Severity*\n" + severity);
        fields.addObject().put("type", "mrkdwn").put("text", "*Status*\n" + n.status()
                + " (" + n.firing().size() + " firing, " + n.resolved().size() + " resolved)");

        List<Alert> shown = n.alerts().subList(0, Math.min(n.alerts().size(), MAX_ALERT_BLOCKS));
        for (Alert a : shown) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", MessageText.truncate(alertText(n, a), MAX_SECTION));
        }
        if (n.alerts().size() > shown.size()) {
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "…and " + (n.alerts().size() - shown.size()) + " more alerts in this group");
        }

        String source = n.commonLabels().getOrDefault(AlertLabels.SOURCE, "");
        String context = "Started " + TIME.format(n.alerts().stream().map(Alert::startsAt).min(java.time.Instant::compareTo).orElse(n.flushedAt()))
                + (source.isEmpty() ? "" : " · source " + source) + " · receiver " + n.receiver();
        blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text", context);

        ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
        button.put("type", "button");
        button.putObject("text").put("type", "plain_text").put("text", "Open timeline");
        button.put("url", MessageText.timelineUrl(dashboardUrl, n));
        button.put("action_id", "open_timeline");
        return body;
    }

    private static String alertText(Notification n, Alert a) {
        StringBuilder text = new StringBuilder();
        text.append(n.isFiring(a) ? ":red_circle: " : ":large_green_circle: ")
                .append('*').append(escape(MessageText.series(a))).append("*\n")
                .append(escape(MessageText.summary(a)));
        MessageText.details(a).forEach((k, v) -> text.append("\n*").append(escape(k)).append(":* ").append(escape(v)));
        return text.toString();
    }

    /** Slack's mrkdwn needs &, < and > escaped. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
