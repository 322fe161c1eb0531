package dev.fathom.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.Secret;
import dev.fathom.alerts.notify.pagerduty.PagerDutyNotifier;
import dev.fathom.alerts.testing.MutableClock;
import dev.fathom.alerts.testing.RecordingHistory;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.model.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PagerDuty Events API v2 bodies, and a restart in the middle of a firing group: no second page, the resolve still arrives. */
class PagerDutyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-30T03:00:00Z");
    private static final String KEY = "R0UT1NGKEY0123456789abcdef012345";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingHistory history = new RecordingHistory();
    private RecordingServer pd;
    private AlertsConfig config;
    private AlertsEngine engine;

    @BeforeEach
    void start() {
        pd = new RecordingServer(202);
        config = TestConfigs.load(dir, """
                data_dir: state
                route:
                  receiver: oncall
                  group_by: [alertname, service]
                  group_wait: 30s
                  group_interval: 5m
                  repeat_interval: 4h
                receivers:
                  - name: oncall
                    pagerduty_configs:
                      - routing_key: ${PD_KEY}
                        url: %s
                """.formatted(pd.url("/v2/enqueue")) + TestConfigs.FAST_DELIVERY, Map.of("PD_KEY", KEY));
        engine = new AlertsEngine(config, clock, history);
    }

    @AfterEach
    void stop() {
        engine.close();
        pd.close();
    }

    private static Alert burn() {
        return Alert.firing(Map.of("alertname", "SLOBurnRateHigh", "severity", "critical", "source", "slo", "slo", "inference-latency",
                        "service", "inference", "team", "ml-platform"),
                Map.of("summary", "inference-latency burns its error budget 14.4x over 1h", "value", "15.2"), T0, "");
    }

    private void at(Duration d) {
        clock.set(T0.plus(d));
        engine.tick();
    }

    @Test
    void aTriggerCarriesEveryEventsV2Field() throws Exception {
        engine.ingest(List.of(burn()), false);
        at(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> pd.count() == 1);
        JsonNode event = pd.received().get(0).json();
        String groupKey = "{}:{alertname=\"SLOBurnRateHigh\",service=\"inference\"}";
        JsonNode expected = JSON.readTree("""
                {"routing_key":"%s","event_action":"trigger","dedup_key":"%s",
                 "payload":{"summary":"[FIRING:1] SLOBurnRateHigh service=inference: inference-latency burns its error budget 14.4x over 1h",
                   "source":"inference","severity":"critical","timestamp":"2026-11-30T03:00:00Z","component":"inference","group":"ml-platform",
                   "class":"SLOBurnRateHigh",
                   "custom_details":{"num_firing":1,"num_resolved":0,"group_labels":{"alertname":"SLOBurnRateHigh","service":"inference"},
                     "firing":"service=inference slo=inference-latency team=ml-platform: inference-latency burns its error budget 14.4x over 1h, value=15.2",
                     "alerts":[{"labels":{"alertname":"SLOBurnRateHigh","service":"inference","severity":"critical","slo":"inference-latency","source":"slo","team":"ml-platform"},
                                "annotations":{"summary":"inference-latency burns its error budget 14.4x over 1h","value":"15.2"},"startsAt":"2026-11-30T03:00:00Z"}]}},
                 "client":"Fathom","client_url":"http://127.0.0.1:8080/timeline?from=1796004000000&to=1796008530000&alertname=SLOBurnRateHigh&service=inference",
                 "links":[{"href":"http://127.0.0.1:8080/timeline?from=1796004000000&to=1796008530000&alertname=SLOBurnRateHigh&service=inference","text":"Timeline in Fathom"}]}
                """.formatted(KEY, PagerDutyNotifier.dedupKey(groupKey)));
        assertThat(event).isEqualTo(expected);
        assertThat(PagerDutyNotifier.dedupKey(groupKey)).hasSize(64);
        await().until(() -> history.attempts.size() == 1);
        assertThat(history.attempts.get(0).dedupKey()).isEqualTo(PagerDutyNotifier.dedupKey(groupKey));
        assertThat(history.attempts.get(0).toString()).doesNotContain(KEY);
        assertThat(Files.readString(dir.resolve("state/state.jsonl"))).doesNotContain(KEY);
    }

    @Test
    void summariesAreCutTo1024CharactersEventsTo512KbAndSeveritiesMapped() {
        AlertsConfig.PagerDutyConfig c = new AlertsConfig.PagerDutyConfig(Secret.of(KEY), null, "http://pd", null, true);
        List<Alert> alerts = new ArrayList<>();
        String big = "x".repeat(20_000);
        for (int i = 0; i < 60; i++) {
            alerts.add(Alert.firing(Map.of("alertname", "Noisy", "host", "h" + i, "severity", "warn"), Map.of("summary", big, "detail", big), T0, ""));
        }
        Notification n = new Notification("id", "k", "oncall", "g", new TreeMap<>(), alerts,
                Set.copyOf(alerts.stream().map(Alert::fingerprint).toList()), Set.of(), T0);
        JsonNode event = new PagerDutyNotifier(c, "http://d").event(n);
        assertThat(event.get("payload").get("summary").asText()).hasSize(1024).endsWith("…");
        assertThat(event.toString().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512 * 1024);
        assertThat(event.get("payload").get("custom_details").get("alerts_omitted").asInt()).isPositive();
        assertThat(event.get("payload").get("severity").asText()).isEqualTo("warning");
        assertThat(PagerDutyText.severity("critical")).isEqualTo("critical");
        assertThat(PagerDutyText.severity("error")).isEqualTo("error");
        assertThat(PagerDutyText.severity("warning")).isEqualTo("warning");
        assertThat(PagerDutyText.severity("none")).isEqualTo("info");
        assertThat(PagerDutyText.severity("")).isEqualTo("info");
    }

    @Test
    void aRestartInTheMiddleOfAFiringGroupNeitherPagesAgainNorForgetsTheResolve() {
        engine.ingest(List.of(burn()), false);
        at(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> pd.count() == 1);
        String dedupKey = pd.received().get(0).json().get("dedup_key").asText();
        await().until(() -> engine.deliveries().size() == 0);

        engine.close();
        clock.set(T0.plus(Duration.ofMinutes(2)));
        engine = new AlertsEngine(config, clock, history);
        for (int minute = 2; minute <= 30; minute++) {
            at(Duration.ofMinutes(minute));
        }
        sleep(500);
        assertThat(pd.count()).as("no second page after the restart").isEqualTo(1);

        clock.set(T0.plus(Duration.ofMinutes(31)));
        engine.ingest(List.of(burn().resolvedAt(clock.instant())), false);
        at(Duration.ofMinutes(36));
        await().atMost(Duration.ofSeconds(10)).until(() -> pd.count() == 2);
        JsonNode resolve = pd.received().get(1).json();
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText()).isEqualTo(dedupKey);
        assertThat(resolve.get("routing_key").asText()).isEqualTo(KEY);
        at(Duration.ofHours(6));
        sleep(300);
        assertThat(pd.count()).isEqualTo(2);
    }

    @Test
    void aPageThatFailedBeforeARestartIsSentAfterItOnce() {
        pd.answerOtherwise(500);
        engine.ingest(List.of(burn()), false);
        at(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> history.attempts.stream().anyMatch(a -> a.status().equals("queued")));
        engine.close();
        int failedAttempts = pd.count();

        pd.answerOtherwise(202);
        clock.set(T0.plus(Duration.ofMinutes(1)));
        engine = new AlertsEngine(config, clock, history);
        await().atMost(Duration.ofSeconds(10)).until(() -> pd.count() == failedAttempts + 1);
        for (int minute = 1; minute <= 20; minute++) {
            at(Duration.ofMinutes(minute));
        }
        sleep(500);
        assertThat(pd.count()).isEqualTo(failedAttempts + 1);
        assertThat(pd.received().get(failedAttempts).json().get("event_action").asText()).isEqualTo("trigger");
        assertThat(engine.deliveries().size()).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
