package dev.fathom.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.testing.RecordingHistory;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.local.FreePorts;
import dev.fathom.model.alert.Alert;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a real Alertmanager (Debian's prometheus-alertmanager, started here on a free
 * loopback port with clustering off): it lists Fathom's alerts with their labels, and drops them
 * from its active list once Fathom forwards the resolve.
 */
class AlertmanagerForwardTest {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Process alertmanager;
    private int port;
    private AlertsEngine engine;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startAlertmanager() throws Exception {
        assertThat(BINARY).as("prometheus-alertmanager is installed (./fathom test installs it)").exists();
        Path config = dir.resolve("am.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                receivers:
                  - name: blackhole
                """);
        port = FreePorts.pick();
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> get("/-/ready").statusCode() == 200);
    }

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void alertmanagerListsForwardedAlertsWithTheirLabelsAndDropsThemOnResolve() throws Exception {
        AlertsConfig config = TestConfigs.load(dir, """
                data_dir: state
                route:
                  receiver: am
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1s
                receivers:
                  - name: am
                    alertmanager_configs:
                      - url: http://127.0.0.1:%d/
                """.formatted(port) + TestConfigs.FAST_DELIVERY);
        Clock clock = Clock.systemUTC();
        RecordingHistory history = new RecordingHistory();
        engine = new AlertsEngine(config, clock, history);
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        Alert anomaly = Alert.firing(Map.of("alertname", "SeriesAnomaly", "severity", "warning", "source", "anomaly",
                        "metric", "gpu.temperature", "host", "gpu-7", "gpu.uuid", "GPU-77"),
                Map.of("summary", "gpu.temperature on gpu-7 left its expected range", "value", "93", "score", "0.98"), start, "http://dash/timeline");
        engine.ingest(List.of(anomaly), false);

        await().atMost(Duration.ofSeconds(15)).until(() -> JSON.readTree(get("/api/v2/alerts").body()).size() == 1);
        JsonNode listed = JSON.readTree(get("/api/v2/alerts").body()).get(0);
        assertThat(listed.get("labels").get("alertname").asText()).isEqualTo("SeriesAnomaly");
        assertThat(listed.get("labels").get("host").asText()).isEqualTo("gpu-7");
        assertThat(listed.get("labels").get("source").asText()).isEqualTo("anomaly");
        assertThat(listed.get("labels").get("gpu_uuid").asText()).isEqualTo("GPU-77"); // dotted name made valid
        assertThat(listed.get("annotations").get("score").asText()).isEqualTo("0.98");
        assertThat(Instant.parse(listed.get("startsAt").asText())).isEqualTo(start);
        assertThat(listed.get("generatorURL").asText()).isEqualTo("http://dash/timeline");
        assertThat(listed.get("status").get("state").asText()).isEqualTo("active");
        assertThat(history.attempts).extracting(a -> a.integration()).contains("alertmanager");

        engine.ingest(List.of(anomaly.resolvedAt(clock.instant())), false);
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            engine.tick(); // no service ticker here: the group's next flush comes group_interval (1s) later
            return JSON.readTree(get("/api/v2/alerts?active=true").body()).isEmpty();
        });
    }
}
