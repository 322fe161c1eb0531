package dev.fathom.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.collectors.TopicReader.OtlpRecord;
import dev.fathom.collectors.gpu.SimulatedGpuFleet;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Topics;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CollectorTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    private static final Set<String> ALL_HOSTS = Set.of("sim-node-01", "sim-node-02", "fixture-host");

    private static Collector.Builder collectorOf2x4Fleet(String topic) {
        return Collector.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic(topic)
                .simulatedFleet(SimulatedGpuFleet.create(2, 4, 7, Clock.systemUTC()))
                .hostMetrics(ProcFixtures.procRoot())
                .hostName("fixture-host");
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(a -> a.getKey().equals(key)).findFirst()
                .map(a -> a.getValue().getStringValue()).orElse(null);
    }

    private static String hostOf(ResourceMetrics resourceMetrics) {
        return attribute(resourceMetrics.getResource().getAttributesList(), "host.name");
    }

    private static Set<String> hostsIn(List<OtlpRecord> records) {
        return records.stream().flatMap(r -> r.request().getResourceMetricsList().stream())
                .map(CollectorTest::hostOf).collect(Collectors.toSet());
    }

    /** The metrics of the first record from each host, by host. */
    private static Map<String, List<Metric>> firstMetricsByHost(List<OtlpRecord> records) {
        return records.stream().flatMap(r -> r.request().getResourceMetricsList().stream())
                .collect(Collectors.toMap(CollectorTest::hostOf,
                        rm -> rm.getScopeMetricsList().stream().flatMap(s -> s.getMetricsList().stream()).toList(),
                        (first, later) -> first));
    }

    private static Metric metric(List<Metric> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " missing"));
    }

    @Test
    void everyHostReachesKafkaAsOtlpEveryInterval() throws Exception {
        kafka.createTopics(3, Topics.OTLP_METRICS);

        try (Collector collector = collectorOf2x4Fleet(Topics.OTLP_METRICS).interval(Duration.ofSeconds(1)).build()) {
            collector.start();
            // Two intervals' worth from every host shows the schedule repeats.
            TopicReader.readUntil(kafka.bootstrapServers(), Topics.OTLP_METRICS,
                    r -> r.size() >= 6 && hostsIn(r).equals(ALL_HOSTS), Duration.ofSeconds(60));
        }
        List<OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), Topics.OTLP_METRICS,
                r -> r.size() >= 6, Duration.ofSeconds(30));

        // One resource per record, with where it comes from.
        assertThat(records).allSatisfy(r -> assertThat(r.request().getResourceMetricsCount()).isEqualTo(1));
        ResourceMetrics simNode = records.stream().map(r -> r.request().getResourceMetrics(0))
                .filter(rm -> "sim-node-01".equals(hostOf(rm))).findFirst().orElseThrow();
        assertThat(attribute(simNode.getResource().getAttributesList(), "cluster")).isEqualTo("sim");
        assertThat(attribute(simNode.getResource().getAttributesList(), "service.name")).isEqualTo("fathom-collector");
        assertThat(simNode.getResource().getAttributesList()).extracting(KeyValue::getKey)
                .containsExactlyInAnyOrder("service.name", "host.name", "cluster");
        assertThat(records.stream().filter(r -> hostOf(r.request().getResourceMetrics(0)).equals("sim-node-01"))
                .map(r -> Arrays.toString(r.key())).distinct()).as("one key per host").hasSize(1);

        Map<String, List<Metric>> byHost = firstMetricsByHost(records);
        for (String node : List.of("sim-node-01", "sim-node-02")) {
            Metric utilization = metric(byHost.get(node), MetricNames.GPU_UTILIZATION);
            assertThat(utilization.getUnit()).isEqualTo("1");
            List<NumberDataPoint> points = utilization.getGauge().getDataPointsList();
            assertThat(points).hasSize(4);
            assertThat(points).extracting(p -> attribute(p.getAttributesList(), "gpu.index"))
                    .containsExactlyInAnyOrder("0", "1", "2", "3");
            assertThat(points).allSatisfy(p -> {
                assertThat(attribute(p.getAttributesList(), "gpu.uuid")).startsWith("GPU-");
                assertThat(attribute(p.getAttributesList(), "gpu.model")).isEqualTo("NVIDIA H100 80GB HBM3");
                assertThat(p.getAsDouble()).isBetween(0.0, 1.0);
            });
            assertThat(metric(byHost.get(node), MetricNames.GPU_POWER_DRAW).getUnit()).isEqualTo("W");
            assertThat(metric(byHost.get(node), MetricNames.GPU_MEMORY_USED).getGauge().getDataPoints(0).hasAsInt()).isTrue();
        }
        // A simulated node reports its own simulated NIC, never this machine's interfaces.
        assertThat(metric(byHost.get("sim-node-01"), MetricNames.NETWORK_IO).getSum().getDataPointsList())
                .allSatisfy(p -> assertThat(attribute(p.getAttributesList(), "device")).isEqualTo("eth0"));

        Metric networkIo = metric(byHost.get("fixture-host"), MetricNames.NETWORK_IO);
        assertThat(networkIo.getSum().getIsMonotonic()).isTrue();
        assertThat(networkIo.getSum().getDataPointsList())
                .anySatisfy(p -> {
                    assertThat(attribute(p.getAttributesList(), "device")).isEqualTo("eth0");
                    assertThat(attribute(p.getAttributesList(), "direction")).isEqualTo("receive");
                    assertThat(p.getAsInt()).isEqualTo(224732864L);
                });
        assertThat(byHost.get("fixture-host")).extracting(Metric::getName)
                .contains(MetricNames.NETWORK_PACKETS, MetricNames.NETWORK_ERRORS, MetricNames.NETWORK_DROPPED,
                        MetricNames.DISK_IO, MetricNames.DISK_OPERATIONS, MetricNames.DISK_IO_TIME);
    }

    @Test
    void closeDeliversTheFinalInterval() throws Exception {
        String topic = "otlp_metrics_close";
        kafka.createTopics(1, topic);
        // An hour-long interval: nothing is exported on schedule during this test, only by close().
        Collector collector = collectorOf2x4Fleet(topic).interval(Duration.ofHours(1)).build();
        collector.start();
        Thread.sleep(200);
        collector.close();

        List<OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), topic,
                r -> hostsIn(r).equals(ALL_HOSTS), Duration.ofSeconds(30));
        assertThat(records).hasSize(3);
        collector.close(); // a second close is harmless
    }

    @Test
    void refusesToBuildWithNothingToCollect() {
        assertThatThrownBy(() -> Collector.builder().bootstrapServers("localhost:9092").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to collect");
        assertThatThrownBy(() -> Collector.builder().simulatedFleet(1, 1).build())
                .hasMessageContaining("bootstrap servers are required");
    }
}
