package dev.fathom.alerts.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.alerts.AlertsService;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.testing.MutableClock;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Alertmanager-compatible HTTP API, the webhook input and bearer-token auth, over real HTTP. */
class AlertsHttpApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(T0);
    private final HttpClient http = HttpClient.newHttpClient();
    private RecordingServer hook;
    private AlertsService service;

    @BeforeEach
    void start() throws Exception {
        hook = new RecordingServer(200);
        AlertsConfig config = TestConfigs.load(dir, """
                data_dir: state
                server:
                  listen: 127.0.0.1:0
                  bearer_token: ${TOKEN}
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 0s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: ${HOOK_URL}
                """ + TestConfigs.FAST_DELIVERY, Map.of("TOKEN", "s3cret-token", "HOOK_URL", hook.url("/hook")));
        service = AlertsService.start(config, clock);
    }

    @AfterEach
    void stop() {
        service.close();
        hook.close();
    }

    private HttpResponse<String> call(String method, String path, String body, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (withToken) {
            b.header("Authorization", "Bearer s3cret-token");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postedAlertsAreListedRoutedAndNotifiedAndTheTokenIsRequired() throws Exception {
        String alerts = """
                [{"labels":{"alertname":"GpuTooHot","host":"gpu-1","severity":"critical"},
                  "annotations":{"summary":"hot"},"startsAt":"2026-11-30T09:59:00Z","generatorURL":"http://prom/graph"}]""";
        assertThat(call("POST", "/api/v2/alerts", alerts, false).statusCode()).isEqualTo(401);
        assertThat(call("POST", "/api/v2/alerts", alerts, true).statusCode()).isEqualTo(200);

        JsonNode listed = JSON.readTree(call("GET", "/api/v2/alerts", null, true).body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("labels").get("host").asText()).isEqualTo("gpu-1");
        assertThat(listed.get(0).get("status").get("state").asText()).isEqualTo("active");
        assertThat(listed.get(0).get("receivers").get(0).get("name").asText()).isEqualTo("hook");
        // Posted without endsAt: it resolves after resolve_timeout (5m) unless posted again.
        assertThat(listed.get(0).get("endsAt").asText()).isEqualTo("2026-11-30T10:05:00Z");
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.count() == 1);
        assertThat(hook.received().get(0).json().get("alerts").get(0).get("generatorURL").asText()).isEqualTo("http://prom/graph");

        assertThat(call("GET", "/-/healthy", null, false).statusCode()).isEqualTo(200);
    }

    @Test
    void badBodiesAreRefusedWithTheReasonAndNothingIsTakenFromThem() throws Exception {
        HttpResponse<String> r = call("POST", "/api/v2/alerts", "[{\"labels\":{\"alertname\":\"A\"}},{\"labels\":{}}]", true);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("alert 1: an alert needs a non-empty 'alertname' label");
        assertThat(JSON.readTree(call("GET", "/api/v2/alerts", null, true).body())).isEmpty();
        assertThat(call("POST", "/api/v2/alerts", "{not json", true).body()).contains("not JSON");
        assertThat(call("GET", "/api/v2/nothing", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void silencesAreCreatedListedUpdatedAndExpiredThroughApiV2() throws Exception {
        String silence = """
                {"matchers":[{"name":"host","value":"gpu-[12]","isRegex":true,"isEqual":true}],
                 "startsAt":"2026-11-30T10:00:00Z","endsAt":"2026-11-30T12:00:00Z","createdBy":"alice","comment":"maintenance"}""";
        HttpResponse<String> created = call("POST", "/api/v2/silences", silence, true);
        assertThat(created.statusCode()).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("silenceID").asText();

        call("POST", "/api/v2/alerts", "[{\"labels\":{\"alertname\":\"GpuTooHot\",\"host\":\"gpu-2\"}}]", true);
        JsonNode alert = JSON.readTree(call("GET", "/api/v2/alerts", null, true).body()).get(0);
        assertThat(alert.get("status").get("state").asText()).isEqualTo("suppressed");
        assertThat(alert.get("status").get("silencedBy").get(0).asText()).isEqualTo(id);

        JsonNode listed = JSON.readTree(call("GET", "/api/v2/silences", null, true).body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("status").get("state").asText()).isEqualTo("active");
        assertThat(listed.get(0).get("createdBy").asText()).isEqualTo("alice");
        assertThat(listed.get(0).get("matchers").get(0).get("isRegex").asBoolean()).isTrue();

        String updated = silence.replace("maintenance", "longer maintenance").replace("{\"matchers\"", "{\"id\":\"" + id + "\",\"matchers\"");
        assertThat(JSON.readTree(call("POST", "/api/v2/silences", updated, true).body()).get("silenceID").asText()).isEqualTo(id);
        assertThat(JSON.readTree(call("GET", "/api/v2/silence/" + id, null, true).body()).get("comment").asText()).isEqualTo("longer maintenance");

        assertThat(call("DELETE", "/api/v2/silence/" + id, null, true).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(call("GET", "/api/v2/silence/" + id, null, true).body()).get("status").get("state").asText()).isEqualTo("expired");
        assertThat(call("DELETE", "/api/v2/silence/no-such-id", null, true).statusCode()).isEqualTo(404);
        HttpResponse<String> bad = call("POST", "/api/v2/silences", "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\"}],\"startsAt\":\"2026-11-30T10:00:00Z\",\"endsAt\":\"2026-11-30T11:00:00Z\"}", true);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("createdBy");
        HttpResponse<String> huge = call("POST", "/api/v2/silences", "{\"matchers\":[" + "{\"name\":\"a\",\"value\":\"b\"},".repeat(20_000)
                + "{\"name\":\"a\",\"value\":\"b\"}],\"startsAt\":\"2026-11-30T10:00:00Z\",\"endsAt\":\"2026-11-30T11:00:00Z\","
                + "\"createdBy\":\"x\",\"comment\":\"y\"}", true);
        assertThat(huge.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(huge.body()).get("error").asText()).isEqualTo("a silence has at most 100 matchers; this one has 20001");
        assertThat(hook.count()).isZero();
        clock.set(T0.plus(Duration.ofMinutes(4))); // a client such as Prometheus posts it again, extending endsAt
        call("POST", "/api/v2/alerts", "[{\"labels\":{\"alertname\":\"GpuTooHot\",\"host\":\"gpu-2\"}}]", true);
        clock.set(T0.plus(Duration.ofMinutes(5))); // the next group_interval after the silence ended
        await().atMost(Duration.ofSeconds(5)).until(() -> hook.count() == 1);
    }

    @Test
    void alertmanagersWebhookBodyIsAnInput() throws Exception {
        String body = """
                {"version":"4","groupKey":"{}:{alertname=\\"NodeDown\\"}","status":"firing","receiver":"fathom",
                 "groupLabels":{"alertname":"NodeDown"},"commonLabels":{"alertname":"NodeDown"},"commonAnnotations":{},
                 "externalURL":"http://am:9093","truncatedAlerts":0,
                 "alerts":[{"status":"firing","labels":{"alertname":"NodeDown","instance":"n1"},"annotations":{"summary":"n1 down"},
                            "startsAt":"2026-11-30T09:58:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"abc"}]}""";
        assertThat(call("POST", "/webhook/alertmanager", body, true).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> hook.count() == 1);
        assertThat(hook.received().get(0).json().get("alerts").get(0).get("labels").get("instance").asText()).isEqualTo("n1");

        clock.set(T0.plus(Duration.ofMinutes(10))); // past resolve_timeout: a webhook alert stays firing until resolved
        JsonNode listed = JSON.readTree(call("GET", "/api/v2/alerts", null, true).body());
        assertThat(listed).hasSize(1);

        String resolved = body.replace("\"status\":\"firing\",\"labels\"", "\"status\":\"resolved\",\"labels\"")
                .replace("\"endsAt\":\"0001-01-01T00:00:00Z\"", "\"endsAt\":\"2026-11-30T10:09:00Z\"");
        assertThat(call("POST", "/webhook/alertmanager", resolved, true).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(call("GET", "/api/v2/alerts", null, true).body())).isEmpty();
    }
}
