package dev.fathom.alerts.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.alerts.AlertsService;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.testing.MutableClock;
import dev.fathom.alerts.testing.TestConfigs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The alerts service's Alertmanager API v2 and its Alertmanager webhook input over real HTTP, on
 * mutated and generated silence, alert and webhook bodies: every answer is 200 or a 4xx whose JSON
 * {@code error} says what is wrong, never a 500 or a dropped connection. A silence the API accepts
 * can be read back by its id; a batch of alerts (or a webhook's) is taken whole or refused whole.
 */
class SilenceApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final List<byte[]> SILENCES = List.of(
            Mutations.utf8("{\"matchers\":[{\"name\":\"alertname\",\"value\":\"GpuTooHot\",\"isRegex\":false,\"isEqual\":true}],"
                    + "\"startsAt\":\"2026-11-30T10:00:00Z\",\"endsAt\":\"2026-11-30T12:00:00Z\",\"createdBy\":\"ops\","
                    + "\"comment\":\"maintenance on gpu-1\"}"),
            Mutations.utf8("{\"id\":\"\",\"matchers\":[{\"name\":\"host\",\"value\":\"gpu-[0-9]+\",\"isRegex\":true},"
                    + "{\"name\":\"severity\",\"value\":\"info\",\"isEqual\":false}],\"startsAt\":\"2026-11-30T10:00:00.123+01:00\","
                    + "\"endsAt\":\"2026-12-01T00:00:00Z\",\"createdBy\":\"amtool\",\"comment\":\"night\"}"));
    static final List<byte[]> ALERTS = List.of(
            Mutations.utf8("[{\"labels\":{\"alertname\":\"GpuTooHot\",\"host\":\"gpu-1\",\"severity\":\"critical\"},"
                    + "\"annotations\":{\"summary\":\"hot\"},\"startsAt\":\"2026-11-30T09:59:00Z\",\"generatorURL\":\"http://prom/graph\"}]"),
            Mutations.utf8("[{\"labels\":{\"alertname\":\"A\"}},{\"labels\":{\"alertname\":\"B\",\"x\":\"\"},"
                    + "\"endsAt\":\"2026-11-30T10:01:00Z\"}]"));
    /** Alertmanager's webhook body (version 4), as an Alertmanager's webhook_configs sends it. */
    static final List<byte[]> WEBHOOKS = List.of(
            Mutations.utf8("{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"NodeDown\\\"}\",\"status\":\"firing\",\"receiver\":\"fathom\","
                    + "\"groupLabels\":{\"alertname\":\"NodeDown\"},\"commonLabels\":{\"alertname\":\"NodeDown\"},\"commonAnnotations\":{},"
                    + "\"externalURL\":\"http://am:9093\",\"truncatedAlerts\":0,\"alerts\":[{\"status\":\"firing\",\"labels\":"
                    + "{\"alertname\":\"NodeDown\",\"instance\":\"n1\"},\"annotations\":{\"summary\":\"n1 down\"},"
                    + "\"startsAt\":\"2026-11-30T09:58:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"\",\"fingerprint\":\"abc\"}]}"),
            Mutations.utf8("{\"version\":\"4\",\"status\":\"resolved\",\"alerts\":[{\"status\":\"resolved\",\"labels\":{\"alertname\":\"NodeDown\","
                    + "\"instance\":\"n2\"},\"startsAt\":\"2026-11-30T09:00:00Z\",\"endsAt\":\"2026-11-30T09:30:00Z\"}]}"));
    static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"matchers\":", "\"name\":", "\"value\":",
            "\"isRegex\":true", "\"isEqual\":false", "\"startsAt\":", "\"endsAt\":", "\"createdBy\":", "\"comment\":",
            "\"id\":\"nonexistent\"", "\"labels\":", "\"annotations\":", "\"(a+)+$\"", "\"(\"", "\".*\"", "\"\"",
            "\"2026-11-30T10:00:00Z\"", "\"+1000000000-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"", "null", "true",
            "1e400", "-0", "\"\\u0000\"", "\"\\ud800\"", "\"status\":\"resolved\"", "\"alerts\":", "\"version\":\"4\"",
            "\"0001-01-01T00:00:00Z\"");

    private static Path dir;
    private static AlertsService service;

    @BeforeContainer
    static void start() throws Exception {
        dir = Files.createTempDirectory("alerts-api-fuzz");
        AlertsConfig config = TestConfigs.load(dir, """
                data_dir: state
                server:
                  listen: 127.0.0.1:0
                route:
                  receiver: none
                receivers:
                  - name: none
                """ + TestConfigs.FAST_DELIVERY);
        service = AlertsService.start(config, new MutableClock(Instant.parse("2026-11-30T10:00:00Z")));
    }

    @AfterContainer
    static void stop() throws IOException {
        if (service != null) {
            service.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property
    void silencesAreSavedOrRefusedWithAReason(@ForAll("silences") byte[] body) throws IOException {
        HttpResponse<String> response = post("/api/v2/silences", body);
        if (response.statusCode() == 200) {
            String id = JSON.readTree(response.body()).path("silenceID").asText();
            assertThat(id).isNotBlank();
            HttpResponse<String> saved = send(HttpRequest.newBuilder(uri("/api/v2/silence/" + id)).GET(), body);
            assertThat(saved.statusCode()).as("the saved silence %s", id).isEqualTo(200);
        }
    }

    @Property
    void alertBatchesAreTakenOrRefusedWithAReason(@ForAll("alerts") byte[] body) {
        post("/api/v2/alerts", body);
    }

    /** An Alertmanager's webhook body: taken whole or refused whole, like a batch. */
    @Property
    void alertmanagerWebhookBodiesAreTakenOrRefusedWithAReason(@ForAll("webhooks") byte[] body) {
        post("/webhook/alertmanager", body);
    }

    private static HttpResponse<String> post(String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, byte[] body) {
        HttpResponse<String> response = FuzzRun.parse(body, () -> http.send(request.timeout(Duration.ofMillis(FuzzRun.CASE_LIMIT_MS))
                .build(), HttpResponse.BodyHandlers.ofString()), null).value();
        int status = response.statusCode();
        assertThat(status).as("answer %s to %s", response.body(), FuzzRun.show(body)).isIn(200, 400, 404, 413);
        if (status != 200) {
            JsonNode error;
            try {
                error = JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("the refusal is not JSON: " + response.body(), e);
            }
            assertThat(error.path("error").asText()).as("refusal of %s", FuzzRun.show(body)).isNotBlank();
        }
        return response;
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    @Provide
    Arbitrary<byte[]> silences() {
        return Mutations.inputs(SILENCES, TOKENS, List.of(jsonDeep(100_000),
                Mutations.utf8("{\"matchers\":[" + "{\"name\":\"a\",\"value\":\"b\"},".repeat(20_000) + "{\"name\":\"a\",\"value\":\"b\"}],"
                        + "\"startsAt\":\"2026-11-30T10:00:00Z\",\"endsAt\":\"2026-11-30T12:00:00Z\",\"createdBy\":\"x\",\"comment\":\"y\"}")));
    }

    @Provide
    Arbitrary<byte[]> alerts() {
        return Mutations.inputs(ALERTS, TOKENS, List.of(jsonDeep(100_000)));
    }

    @Provide
    Arbitrary<byte[]> webhooks() {
        return Mutations.inputs(WEBHOOKS, TOKENS, List.of(jsonDeep(100_000), Mutations.utf8("{\"alerts\":" + "[".repeat(50_000) + "]".repeat(50_000) + "}")));
    }

    private static byte[] jsonDeep(int depth) {
        return Mutations.utf8("[".repeat(depth) + "]".repeat(depth));
    }
}
