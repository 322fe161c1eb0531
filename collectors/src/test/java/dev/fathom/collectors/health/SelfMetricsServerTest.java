package dev.fathom.collectors.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.collectors.Collector;
import dev.fathom.collectors.gpu.nvidiasmi.Fixtures;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.prometheus.PrometheusFamily;
import dev.fathom.collectors.prometheus.PrometheusSample;
import dev.fathom.collectors.prometheus.PrometheusTextParser;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import dev.fathom.local.junit.KafkaExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SelfMetricsServerTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    /** Replays the H100 capture's load state every collection. */
    static final class CaptureSource implements ReadingSource {
        private final List<Reading> readings = NvidiaSmiCaptureFile.readings(Fixtures.read(
                "nvidia-smi-captures/internal/captures/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt"), "load");

        @Override
        public String name() {
            return "capture";
        }

        @Override
        public List<Reading> read() {
            return readings;
        }
    }

    static final class BrokenSource implements ReadingSource {
        @Override
        public String name() {
            return "broken";
        }

        @Override
        public List<Reading> read() throws IOException {
            throw new IOException("device gone");
        }

        @Override
        public long parseErrors() {
            return 3;
        }
    }

    @Test
    void countersAndHealthAreServedInTheTextFormat() throws Exception {
        kafka.createTopics(1, "otlp_self_metrics");
        try (Collector collector = Collector.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("otlp_self_metrics")
                .interval(Duration.ofMillis(200))
                .hostName("self-test")
                .readingSource(new CaptureSource())
                .readingSource(new BrokenSource())
                .selfMetrics(new InetSocketAddress("127.0.0.1", 0))
                .build()) {
            collector.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> collector.transportStats().recordsSent() >= 3);
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + collector.selfMetricsPort());
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("version=0.0.4"));
            PrometheusTextParser.Result parsed = PrometheusTextParser.parse(metrics.body(), "self");
            assertThat(parsed.errors()).isEmpty();

            int perCollection = new CaptureSource().read().size();
            assertThat(sample(parsed, "fathom_collector_source_points_read_total", "capture") % perCollection).isZero();
            assertThat(sample(parsed, "fathom_collector_source_points_read_total", "capture")).isGreaterThanOrEqualTo(3 * perCollection);
            assertThat(sample(parsed, "fathom_collector_source_read_failures_total", "broken")).isGreaterThanOrEqualTo(3);
            assertThat(sample(parsed, "fathom_collector_source_parse_errors_total", "broken")).isEqualTo(3);
            assertThat(sample(parsed, "fathom_collector_records_sent_total", null)).isGreaterThanOrEqualTo(3);
            assertThat(sample(parsed, "fathom_collector_points_sent_total", null)).isGreaterThanOrEqualTo(3 * perCollection);
            assertThat(sample(parsed, "fathom_collector_records_dropped_total", null)).isZero();
            assertThat(sample(parsed, "fathom_collector_kafka_reachable", null)).isEqualTo(1);
            assertThat(sample(parsed, "fathom_collector_process_resident_memory_bytes", null)).isGreaterThan(1e6);

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
        }
    }

    private static double sample(PrometheusTextParser.Result parsed, String family, String source) {
        PrometheusFamily found = parsed.families().stream().filter(f -> f.name().equals(family)).findFirst().orElseThrow();
        for (PrometheusSample sample : found.samples()) {
            if (source == null || source.equals(sample.labels().get("source"))) {
                return sample.value();
            }
        }
        throw new AssertionError("no " + family + " for source " + source);
    }
}
