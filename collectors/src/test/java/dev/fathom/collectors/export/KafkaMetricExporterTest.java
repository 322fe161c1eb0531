package dev.fathom.collectors.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.TopicReader;
import dev.fathom.collectors.TopicReader.OtlpRecord;
import dev.fathom.local.FreePorts;
import dev.fathom.local.junit.KafkaExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KafkaMetricExporterTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    /** Real MetricData: one counter with one point, under a resource for the given host. */
    private static Collection<MetricData> metricsOf(String hostName, long value) {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        Resource resource = Resource.create(Attributes.builder().put("host.name", hostName).put("cluster", "test").build());
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build()) {
            provider.get("test").counterBuilder("test.requests").build().add(value);
            return reader.collectAllMetrics();
        }
    }

    @Test
    void writesOneOtlpRequestPerResourceKeyedByTheResource() throws Exception {
        String topic = "exporter_records";
        kafka.createTopics(3, topic);
        List<MetricData> twoHosts = new ArrayList<>(metricsOf("node-a", 5));
        twoHosts.addAll(metricsOf("node-b", 7));

        try (KafkaMetricExporter exporter = KafkaMetricExporter.builder()
                .bootstrapServers(kafka.bootstrapServers()).topic(topic).build()) {
            CompletableResultCode result = exporter.export(twoHosts).join(30, TimeUnit.SECONDS);
            assertThat(result.isSuccess()).isTrue();
        }

        List<OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), topic, r -> r.size() >= 2, Duration.ofSeconds(30));
        assertThat(records).hasSize(2);
        for (OtlpRecord record : records) {
            assertThat(record.request().getResourceMetricsCount()).isEqualTo(1);
            ResourceMetrics resourceMetrics = record.request().getResourceMetrics(0);
            String host = resourceMetrics.getResource().getAttributesList().stream()
                    .filter(a -> a.getKey().equals("host.name")).findFirst().orElseThrow().getValue().getStringValue();
            Resource resource = Resource.create(Attributes.builder().put("host.name", host).put("cluster", "test").build());
            assertThat(record.key()).isEqualTo(ResourceKey.of(resource));
            var sum = resourceMetrics.getScopeMetrics(0).getMetrics(0).getSum();
            assertThat(sum.getAggregationTemporality())
                    .isEqualTo(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            assertThat(sum.getDataPoints(0).getAsInt()).isEqualTo(host.equals("node-a") ? 5 : 7);
        }
    }

    @Test
    void anUnreachableBrokerFailsTheExportWithAMessageThatSaysWhere() {
        String nobodyListens = "127.0.0.1:" + FreePorts.pick();

        try (KafkaMetricExporter exporter = KafkaMetricExporter.builder()
                .bootstrapServers(nobodyListens).topic("otlp_metrics")
                .deliveryTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            CompletableResultCode result = exporter.export(metricsOf("node-a", 1)).join(20, TimeUnit.SECONDS);

            assertThat(result.isDone()).isTrue();
            assertThat(result.isSuccess()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(result.getFailureThrowable()).isInstanceOf(KafkaDeliveryException.class)
                    .hasMessageContaining("topic 'otlp_metrics'")
                    .hasMessageContaining("at " + nobodyListens)
                    .hasMessageContaining("is running and reachable");
        }
    }
}
