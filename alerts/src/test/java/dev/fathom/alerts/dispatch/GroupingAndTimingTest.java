package dev.fathom.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.history.AlertHistory;
import dev.fathom.alerts.match.Matchers;
import dev.fathom.alerts.silence.Silence;
import dev.fathom.alerts.testing.MutableClock;
import dev.fathom.alerts.testing.RecordingHistory;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.model.alert.Alert;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alertmanager's grouping and timers, inhibition and silences, driven by a hand-moved clock. */
class GroupingAndTimingTest {

    private static final Instant T0 = Instant.parse("2026-11-30T00:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingHistory history = new RecordingHistory();
    private RecordingServer hook;
    private AlertsEngine engine;

    @BeforeEach
    void start() {
        hook = new RecordingServer(200);
        AlertsConfig config = TestConfigs.load(dir, """
                data_dir: state
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 30s
                  group_interval: 5m
                  repeat_interval: 4h
                inhibit_rules:
                  - source_matchers: ['severity="critical"']
                    target_matchers: ['severity="warning"']
                    equal: [host]
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: ${HOOK_URL}
                """ + TestConfigs.FAST_DELIVERY, Map.of("HOOK_URL", hook.url("/hook")));
        engine = new AlertsEngine(config, clock, history);
    }

    @AfterEach
    void stop() {
        engine.close();
        hook.close();
    }

    private static Alert alert(String name, String host, String severity, Instant startsAt) {
        return Alert.firing(Map.of("alertname", name, "host", host, "severity", severity),
                Map.of("summary", name + " on " + host), startsAt, "");
    }

    private void at(Duration sinceStart) {
        clock.set(T0.plus(sinceStart));
        engine.tick();
    }

    private List<JsonNode> expectNotifications(int total) {
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.count() >= total);
        sleepBriefly(); // and no more than that
        assertThat(hook.count()).isEqualTo(total);
        return hook.received().stream().map(RecordingServer.Received::json).toList();
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aGroupWaitsThenFlushesEveryIntervalRepeatsAfterRepeatIntervalAndResolves() {
        Alert a = alert("GpuTooHot", "gpu-1", "warning", T0);
        engine.ingest(List.of(a), false);
        at(Duration.ofSeconds(29));
        expectNotifications(0);

        at(Duration.ofSeconds(30));
        JsonNode first = expectNotifications(1).get(0);
        assertThat(first.get("version").asText()).isEqualTo("4");
        assertThat(first.get("status").asText()).isEqualTo("firing");
        assertThat(first.get("receiver").asText()).isEqualTo("hook");
        assertThat(first.get("groupKey").asText()).isEqualTo("{}:{alertname=\"GpuTooHot\"}");
        assertThat(first.get("groupLabels").toString()).isEqualTo("{\"alertname\":\"GpuTooHot\"}");
        assertThat(first.get("commonLabels").get("host").asText()).isEqualTo("gpu-1");
        assertThat(first.get("alerts")).hasSize(1);
        assertThat(first.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(a.fingerprint());
        assertThat(first.get("alerts").get(0).get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");

        // A second alert of the same group joins it; it is told at the next group_interval, not before.
        clock.set(T0.plus(Duration.ofMinutes(1)));
        engine.ingest(List.of(alert("GpuTooHot", "gpu-2", "warning", clock.instant())), false);
        at(Duration.ofMinutes(5));
        expectNotifications(1);
        at(Duration.ofMinutes(5).plusSeconds(30));
        JsonNode second = expectNotifications(2).get(1);
        assertThat(second.get("alerts")).hasSize(2);
        assertThat(second.get("commonLabels").has("host")).isFalse();

        // Nothing changes: silence until repeat_interval (4h) after the last notification.
        at(Duration.ofMinutes(10).plusSeconds(30));
        at(Duration.ofHours(4));
        expectNotifications(2);
        at(Duration.ofHours(4).plusMinutes(5).plusSeconds(30));
        assertThat(expectNotifications(3).get(2).get("alerts")).hasSize(2);

        // One resolves: the next flush says so, with its endsAt.
        Instant resolvedAt = T0.plus(Duration.ofHours(4).plusMinutes(6));
        clock.set(resolvedAt);
        engine.ingest(List.of(a.resolvedAt(resolvedAt)), false);
        at(Duration.ofHours(4).plusMinutes(10).plusSeconds(30));
        JsonNode fourth = expectNotifications(4).get(3);
        assertThat(fourth.get("status").asText()).isEqualTo("firing");
        JsonNode resolvedItem = findAlert(fourth, "gpu-1");
        assertThat(resolvedItem.get("status").asText()).isEqualTo("resolved");
        assertThat(resolvedItem.get("endsAt").asText()).isEqualTo(resolvedAt.toString());

        // The last one resolves: a resolved notification, then the group is gone.
        clock.set(T0.plus(Duration.ofHours(4).plusMinutes(12)));
        engine.ingest(List.of(alert("GpuTooHot", "gpu-2", "warning", T0.plus(Duration.ofMinutes(1))).resolvedAt(clock.instant())), false);
        at(Duration.ofHours(4).plusMinutes(15).plusSeconds(30));
        JsonNode fifth = expectNotifications(5).get(4);
        assertThat(fifth.get("status").asText()).isEqualTo("resolved");
        assertThat(fifth.get("alerts")).hasSize(1);
        at(Duration.ofHours(9));
        expectNotifications(5);
    }

    private static JsonNode findAlert(JsonNode body, String host) {
        for (JsonNode a : body.get("alerts")) {
            if (a.get("labels").get("host").asText().equals(host)) {
                return a;
            }
        }
        throw new AssertionError("no alert for " + host + " in " + body);
    }

    @Test
    void differentGroupLabelsMakeSeparateNotificationsAndAnOldAlertSkipsGroupWait() {
        engine.ingest(List.of(alert("GpuTooHot", "gpu-1", "warning", T0.minus(Duration.ofMinutes(10))),
                alert("DiskFull", "gpu-1", "warning", T0)), false);
        List<JsonNode> now = expectNotifications(1); // the old alert's group flushed at once
        assertThat(now.get(0).get("groupLabels").get("alertname").asText()).isEqualTo("GpuTooHot");
        at(Duration.ofSeconds(30));
        assertThat(expectNotifications(2).get(1).get("groupLabels").get("alertname").asText()).isEqualTo("DiskFull");
    }

    @Test
    void aCriticalAlertInhibitsWarningsOfTheSameHostOnly() {
        engine.ingest(List.of(alert("GpuDown", "gpu-1", "critical", T0), alert("GpuTooHot", "gpu-1", "warning", T0),
                alert("GpuTooHot", "gpu-2", "warning", T0)), false);
        at(Duration.ofSeconds(30));
        List<JsonNode> sent = expectNotifications(2);
        assertThat(sent).extracting(n -> n.get("groupLabels").get("alertname").asText()).containsExactlyInAnyOrder("GpuDown", "GpuTooHot");
        JsonNode hot = sent.stream().filter(n -> n.get("groupLabels").get("alertname").asText().equals("GpuTooHot")).findFirst().orElseThrow();
        assertThat(hot.get("alerts")).hasSize(1);
        assertThat(hot.get("alerts").get(0).get("labels").get("host").asText()).isEqualTo("gpu-2");
        assertThat(engine.alerts()).filteredOn(v -> v.alert().label("host").equals("gpu-1") && v.alert().label("severity").equals("warning"))
                .singleElement().satisfies(v -> {
                    assertThat(v.state()).isEqualTo("suppressed");
                    assertThat(v.inhibitedBy()).hasSize(1);
                });
        assertThat(history.events).extracting(e -> e.alert().label("host") + "/" + e.alert().label("severity") + "/" + e.status())
                .containsExactlyInAnyOrder("gpu-1/critical/firing", "gpu-1/warning/inhibited", "gpu-2/warning/firing");
    }

    @Test
    void aSilenceMutesMatchingAlertsUntilItIsExpired() {
        Silence s = engine.saveSilence(new Silence("", Matchers.parseAll(List.of("host=\"gpu-1\"")), T0, T0.plus(Duration.ofHours(2)),
                "alice", "maintenance of gpu-1", null));
        engine.ingest(List.of(alert("GpuTooHot", "gpu-1", "warning", T0)), false);
        at(Duration.ofSeconds(30));
        at(Duration.ofMinutes(5).plusSeconds(30));
        expectNotifications(0);
        assertThat(engine.alerts().get(0).silencedBy()).containsExactly(s.id());

        clock.set(T0.plus(Duration.ofMinutes(7)));
        engine.expireSilence(s.id());
        assertThat(engine.silence(s.id()).orElseThrow().state(clock.instant())).isEqualTo("expired");
        at(Duration.ofMinutes(10).plusSeconds(30));
        assertThat(expectNotifications(1).get(0).get("status").asText()).isEqualTo("firing");
        assertThat(history.events).extracting(AlertHistory.AlertEvent::status).containsExactly("silenced", "firing");
        assertThat(history.events.get(1).ts()).isEqualTo(T0.plus(Duration.ofMinutes(7)));
    }

    @Test
    void aSilenceThatEndsByItselfLetsTheAlertThrough() {
        engine.saveSilence(new Silence("", Matchers.parseAll(List.of("alertname=~\"Gpu.*\"")), T0, T0.plus(Duration.ofMinutes(20)),
                "bob", "known issue", null));
        engine.ingest(List.of(alert("GpuTooHot", "gpu-1", "warning", T0)), false);
        at(Duration.ofSeconds(30));
        at(Duration.ofMinutes(15).plusSeconds(30));
        expectNotifications(0);
        at(Duration.ofMinutes(20).plusSeconds(30));
        expectNotifications(1);
    }
}
