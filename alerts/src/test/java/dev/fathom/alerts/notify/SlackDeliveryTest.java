package dev.fathom.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.Secret;
import dev.fathom.alerts.history.AlertHistory;
import dev.fathom.alerts.notify.slack.SlackNotifier;
import dev.fathom.alerts.testing.MutableClock;
import dev.fathom.alerts.testing.RecordingHistory;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.RecordingServer.Answer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.model.alert.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slack's Block Kit message, exactly, and delivery against a local server answering 200, 429, 500, 400 and too slowly. */
class SlackDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingHistory history = new RecordingHistory();
    private RecordingServer slack;
    private AlertsEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        if (slack != null) {
            slack.close();
        }
    }

    private void startEngine(String timeout) {
        slack = new RecordingServer(200);
        AlertsConfig config = TestConfigs.load(dir, """
                data_dir: state
                global:
                  dashboard_url: http://dash.local:8080/
                route:
                  receiver: slack
                  group_by: [alertname]
                  group_wait: 0s
                receivers:
                  - name: slack
                    slack_configs:
                      - api_url: ${SLACK_URL}
                        channel: '#gpu'
                delivery:
                  timeout: %s
                  initial_backoff: 50ms
                  max_backoff: 200ms
                  max_attempts: 4
                  requeue_after: 300ms
                """.formatted(timeout), Map.of("SLACK_URL", slack.url("/services/T000/B000/SECRETPART")));
        engine = new AlertsEngine(config, clock, history);
    }

    private static Alert gpuAlert() {
        return Alert.firing(Map.of("alertname", "GpuTooHot", "severity", "critical", "source", "rule", "host", "gpu-1", "gpu_uuid", "GPU-abc"),
                Map.of("summary", "GPU GPU-abc on gpu-1 is at 91 °C", "value", "91", "expected", "below 85 °C"), T0, "");
    }

    @Test
    void theMessageIsBlockKitWithHeaderSeveritySeriesValueContextAndATimelineButton() throws Exception {
        AlertsConfig.SlackConfig config = new AlertsConfig.SlackConfig(Secret.of("https://hooks.example/x"), null, "#gpu", true);
        Alert a = gpuAlert();
        Notification n = new Notification("id-1", "slack/slack/0", "slack", "{}:{alertname=\"GpuTooHot\"}",
                new TreeMap<>(Map.of("alertname", "GpuTooHot")), List.of(a), Set.of(a.fingerprint()), Set.of(), T0.plusSeconds(1));
        JsonNode expected = JSON.readTree("""
                {"channel":"#gpu",
                 "text":"[FIRING:1] GpuTooHot (critical): GPU GPU-abc on gpu-1 is at 91 °C",
                 "blocks":[
                  {"type":"header","text":{"type":"plain_text","text":"[FIRING:1] GpuTooHot","emoji":true}},
                  {"type":"section","fields":[{"type":"mrkdwn","text":"*Severity*\\ncritical"},{"type":"mrkdwn","text":"*Status*\\nfiring (1 firing, 0 resolved)"}]},
                  {"type":"section","text":{"type":"mrkdwn","text":":red_circle: *gpu_uuid=GPU-abc host=gpu-1*\\nGPU GPU-abc on gpu-1 is at 91 °C\\n*expected:* below 85 °C\\n*value:* 91"}},
                  {"type":"context","elements":[{"type":"mrkdwn","text":"Started 2026-11-30 08:00:00 UTC · source rule · receiver slack"}]},
                  {"type":"actions","elements":[{"type":"button","text":{"type":"plain_text","text":"Open timeline"},
                     "url":"http://dash.local:8080/timeline?from=1796022000000&to=1796026501000&alertname=GpuTooHot","action_id":"open_timeline"}]}
                 ]}""");
        assertThat(new SlackNotifier(config, "http://dash.local:8080").message(n)).isEqualTo(expected);
    }

    @Test
    void aBigGroupStaysWithinFiftyBlocks() {
        AlertsConfig.SlackConfig config = new AlertsConfig.SlackConfig(Secret.of("https://hooks.example/x"), null, null, true);
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            alerts.add(Alert.firing(Map.of("alertname", "GpuTooHot", "host", "gpu-" + i), Map.of(), T0, ""));
        }
        Notification n = new Notification("id", "k", "slack", "g", new TreeMap<>(), alerts,
                Set.copyOf(alerts.stream().map(Alert::fingerprint).toList()), Set.of(), T0);
        JsonNode message = new SlackNotifier(config, "http://d").message(n);
        assertThat(message.get("blocks").size()).isLessThanOrEqualTo(50);
        assertThat(message.get("blocks").toString()).contains("…and 75 more alerts in this group");
        assertThat(message.has("channel")).isFalse();
    }

    @Test
    void aWebhookBodyCutToMaxAlertsCountsTheRest() {
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            alerts.add(Alert.firing(Map.of("alertname", "A", "host", "h" + i), Map.of("summary", "s"), T0, ""));
        }
        Alert resolved = alerts.get(0).resolvedAt(T0.plusSeconds(5));
        alerts.set(0, resolved);
        Notification n = new Notification("id", "k", "hook", "{}:{alertname=\"A\"}", new TreeMap<>(Map.of("alertname", "A")), alerts,
                Set.copyOf(alerts.subList(1, 5).stream().map(Alert::fingerprint).toList()), Set.of(resolved.fingerprint()), T0.plusSeconds(10));
        JsonNode body = dev.fathom.alerts.notify.webhook.WebhookNotifier.body(n, "http://fathom:9094", 3);
        assertThat(body.get("truncatedAlerts").asInt()).isEqualTo(2);
        assertThat(body.get("alerts")).hasSize(3);
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("commonLabels").toString()).isEqualTo("{\"alertname\":\"A\"}");
        assertThat(body.get("commonAnnotations").toString()).isEqualTo("{\"summary\":\"s\"}");
        assertThat(body.get("externalURL").asText()).isEqualTo("http://fathom:9094");
        for (JsonNode a : body.get("alerts")) {
            boolean isResolved = a.get("fingerprint").asText().equals(resolved.fingerprint());
            assertThat(a.get("status").asText()).isEqualTo(isResolved ? "resolved" : "firing");
            assertThat(a.get("endsAt").asText()).isEqualTo(isResolved ? T0.plusSeconds(5).toString() : "0001-01-01T00:00:00Z");
        }
    }

    @Test
    void whatTheServerReceivesIsTheMessageAndA429IsRetriedAfterRetryAfter() {
        startEngine("2s");
        slack.then(Answer.retryAfter(1));
        engine.ingest(List.of(gpuAlert()), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.count() == 2);
        List<RecordingServer.Received> got = slack.received();
        assertThat(got.get(0).path()).isEqualTo("/services/T000/B000/SECRETPART");
        assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
        assertThat(got.get(1).json().get("blocks").get(0).get("text").get("text").asText()).isEqualTo("[FIRING:1] GpuTooHot");
        assertThat(Duration.ofNanos(got.get(1).arrivedNanos() - got.get(0).arrivedNanos())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        await().until(() -> history.attempts.size() == 2);
        assertThat(history.attempts).extracting(AlertHistory.NotificationAttempt::status).containsExactly("retrying", "sent");
        assertThat(history.attempts.get(0).httpStatus()).isEqualTo(429);
        assertThat(history.attempts.get(0).error()).doesNotContain("SECRETPART");
        await().until(() -> engine.deliveries().size() == 0);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingBackoffAndAClientErrorIsNot() {
        startEngine("2s");
        slack.then(Answer.status(500), Answer.status(502), Answer.status(503));
        engine.ingest(List.of(gpuAlert()), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> slack.count() == 4);
        List<RecordingServer.Received> got = slack.received();
        long gap1 = got.get(1).arrivedNanos() - got.get(0).arrivedNanos();
        long gap3 = got.get(3).arrivedNanos() - got.get(2).arrivedNanos();
        assertThat(Duration.ofNanos(gap1)).isGreaterThanOrEqualTo(Duration.ofMillis(25)); // 50ms step, jitter keeps at least half
        assertThat(Duration.ofNanos(gap3)).isGreaterThanOrEqualTo(Duration.ofMillis(100)); // 200ms cap, at least half
        await().until(() -> history.attempts.size() == 4);
        assertThat(history.attempts).extracting(AlertHistory.NotificationAttempt::status).containsExactly("retrying", "retrying", "retrying", "sent");

        // A 400 is not worth retrying: one attempt, recorded as failed, nothing left queued.
        slack.then(Answer.status(400));
        clock.advance(Duration.ofMinutes(1));
        engine.ingest(List.of(Alert.firing(Map.of("alertname", "Other"), Map.of(), clock.instant(), "")), false);
        await().until(() -> history.attempts.size() == 5);
        sleep(500);
        assertThat(slack.count()).isEqualTo(5);
        assertThat(history.attempts.get(4).status()).isEqualTo("failed");
        assertThat(history.attempts.get(4).httpStatus()).isEqualTo(400);
        assertThat(engine.deliveries().size()).isZero();
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsRetried() {
        startEngine("1s");
        slack.then(Answer.slow(Duration.ofSeconds(4)));
        engine.ingest(List.of(gpuAlert()), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.attempts.size() == 2);
        assertThat(history.attempts.get(0).status()).isEqualTo("retrying");
        assertThat(history.attempts.get(0).error()).contains("no answer within 1000 ms");
        assertThat(history.attempts.get(1).status()).isEqualTo("sent");
    }

    @Test
    void afterItsAttemptsANotificationStaysQueuedAndIsSentOnceTheServerRecovers() {
        startEngine("2s");
        slack.answerOtherwise(500);
        engine.ingest(List.of(gpuAlert()), false);
        await().atMost(Duration.ofSeconds(10)).until(() -> history.attempts.stream().anyMatch(a -> a.status().equals("queued")));
        assertThat(engine.deliveries().size()).isEqualTo(1);
        slack.answerOtherwise(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.deliveries().size() == 0);
        assertThat(history.attempts.get(history.attempts.size() - 1).status()).isEqualTo("sent");
        assertThat(history.attempts.size()).isGreaterThan(4);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
