package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-encoded remote-write body against a real Prometheus 2.42: accepted, appended, and readable back. */
class PrometheusRemoteWriteTest {

    @TempDir
    static Path home;
    static PrometheusServer prometheus;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Path binary = PrometheusServer.findBinary().orElseThrow(() -> new IllegalStateException(
                "Prometheus is not installed: sudo apt-get install -y prometheus (or set FATHOM_PROMETHEUS_BIN)"));
        prometheus = PrometheusServer.start(binary, home.resolve("prometheus"));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(prometheus.remoteWriteUri())
                .header("Content-Type", RemoteWriteRequest.CONTENT_TYPE)
                .header("Content-Encoding", RemoteWriteRequest.CONTENT_ENCODING)
                .header(RemoteWriteRequest.VERSION_HEADER, RemoteWriteRequest.VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void samplesSentByRemoteWriteAreAppendedAndQueryable() throws Exception {
        long now = System.currentTimeMillis();
        // Series 0 (gpu-node-0, GPU 0, utilization) and series 35 (gpu-node-1, GPU 0, temperature).
        byte[] utilization = RemoteWriteRequest.labels(RemoteWriteTarget.prometheusLabels("gpu_utilization", 0));
        byte[] temperature = RemoteWriteRequest.labels(RemoteWriteTarget.prometheusLabels("gpu_temperature_celsius", 35));
        long before = prometheus.samplesAppended();

        HttpResponse<String> response = post(RemoteWriteRequest.body(List.of(
                new RemoteWriteRequest.Sample(utilization, 41.5, now - 2000),
                new RemoteWriteRequest.Sample(utilization, 42.5, now - 1000),
                new RemoteWriteRequest.Sample(temperature, 63.25, now - 1000))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        assertThat(prometheus.samplesAppended() - before).isEqualTo(3);
        String utilizationAnswer = prometheus.query("gpu_utilization{host_name=\"gpu-node-0\",gpu_index=\"0\"}");
        assertThat(utilizationAnswer).contains("\"status\":\"success\"")
                .contains("\"cluster\":\"bench\"")
                .contains("\"gpu_uuid\":\"" + GeneratedSeries.gpuUuid(0, 0) + "\"")
                .contains("\"42.5\"");
        String temperatureAnswer = prometheus.query("gpu_temperature_celsius");
        assertThat(temperatureAnswer).contains("\"host_name\":\"gpu-node-1\"").contains("\"63.25\"");
        // The timestamps came through in milliseconds: Prometheus reports the sample's own time.
        assertThat(prometheus.query("timestamp(gpu_temperature_celsius)"))
                .contains(String.format(java.util.Locale.ROOT, "\"%.3f\"", (now - 1000) / 1000.0));
    }

    @Test
    void aSampleOlderThanTheSeriesLastIsRefusedSoTheLoadMustKeepEachSeriesInOrder() throws Exception {
        long now = System.currentTimeMillis();
        byte[] power = RemoteWriteRequest.labels(RemoteWriteTarget.prometheusLabels("gpu_power_draw_watts", 2));
        assertThat(post(RemoteWriteRequest.body(List.of(new RemoteWriteRequest.Sample(power, 300, now)))).statusCode()).isEqualTo(204);

        HttpResponse<String> older = post(RemoteWriteRequest.body(List.of(new RemoteWriteRequest.Sample(power, 301, now - 500))));

        assertThat(older.statusCode()).isEqualTo(400);
        assertThat(older.body()).contains("out of order");
    }

    @Test
    void aBodyThatIsNotSnappyIsRefused() throws Exception {
        byte[] plain = RemoteWriteRequest.encode(List.of(new RemoteWriteRequest.Sample(
                RemoteWriteRequest.labels(RemoteWriteTarget.prometheusLabels("gpu_utilization", 4)), 1, System.currentTimeMillis())));

        assertThat(post(plain).statusCode()).isEqualTo(400);
    }
}
