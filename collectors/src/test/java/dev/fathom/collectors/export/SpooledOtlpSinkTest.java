package dev.fathom.collectors.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.Collector;
import dev.fathom.collectors.TopicReader;
import dev.fathom.collectors.receiver.ReceiverSettings;
import dev.fathom.local.junit.KafkaExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** OTLP pushed to the collector's receiver goes through its spool to Kafka, keyed like its own data. */
class SpooledOtlpSinkTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    static ExportMetricsServiceRequest request(String host) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(KeyValue.newBuilder().setKey("host.name").setValue(AnyValue.newBuilder().setStringValue(host)))
                        .addAttributes(KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("trainer"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("gpu.utilization").setUnit("1")
                        .setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1_000_000_000L).setAsDouble(0.5))
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(2_000_000_000L).setAsDouble(0.7))))))
                .build();
    }

    @Test
    void pushedRequestsReachTheTopicThroughTheSpool(@TempDir Path dir) throws Exception {
        kafka.createTopics(1, "otlp_pushed");
        ExportMetricsServiceRequest pushed = request("pushed-host");
        try (Collector collector = Collector.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("otlp_pushed")
                .interval(Duration.ofSeconds(1))
                .spool(dir.resolve("spool"), 1 << 20)
                .otlpReceiver(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, -1))
                .build()) {
            collector.start();
            int port = collector.otlpReceiver().httpPort();
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                            .header("Content-Type", "application/x-protobuf")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(pushed.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            List<TopicReader.OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), "otlp_pushed",
                    r -> !r.isEmpty(), Duration.ofSeconds(30));
            assertThat(records.get(0).request()).isEqualTo(pushed);
            // The same key the collector gives its own records of that resource.
            assertThat(records.get(0).key()).isEqualTo(ResourceKey.of(io.opentelemetry.sdk.resources.Resource.create(
                    Attributes.builder().put("host.name", "pushed-host").put("service.name", "trainer").build())));
            assertThat(collector.transportStats().pointsAccepted()).isEqualTo(2);
        }
    }

    @Test
    void aNearlyFullSpoolPushesBack(@TempDir Path dir) throws Exception {
        // No broker at this address: everything stays in a small spool until it is 90 % full.
        KafkaMetricExporter exporter = KafkaMetricExporter.builder().bootstrapServers("127.0.0.1:9").topic("t")
                .deliveryTimeout(Duration.ofSeconds(1)).spool(dir.resolve("spool"), 64 * 1024).build();
        try {
            SpooledOtlpSink sink = new SpooledOtlpSink(exporter, 0.9, Duration.ofSeconds(3));
            sink.send(request("first")).join();
            // The forwarder finds the broker away: from then on a full spool means "unavailable" (503).
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !exporter.stats().brokerReachable());
            int accepted = 0;
            Throwable refused = null;
            for (int i = 0; i < 1000 && refused == null; i++) {
                try {
                    sink.send(request("host-" + i)).join();
                    accepted++;
                } catch (java.util.concurrent.CompletionException e) {
                    refused = e.getCause();
                }
            }
            assertThat(accepted).isGreaterThan(100);
            assertThat(refused).isInstanceOf(dev.fathom.collectors.receiver.SinkRejectedException.class);
            assertThat(((dev.fathom.collectors.receiver.SinkRejectedException) refused).kind())
                    .isEqualTo(dev.fathom.collectors.receiver.SinkRejectedException.Kind.UNAVAILABLE);
            assertThat(refused.getMessage()).contains("cannot be reached").contains("% full");
            assertThat(exporter.stats().recordsDropped()).isZero();
        } finally {
            exporter.shutdown();
        }
    }
}
