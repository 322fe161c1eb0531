package dev.fathom.collectors.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.collectors.drift.DriftMetricNames;
import dev.fathom.collectors.drift.DriftRunCommand;
import dev.fathom.collectors.drift.FeatureRecord;
import dev.fathom.collectors.drift.ProfileBuilder;
import dev.fathom.collectors.export.KafkaDeliveryException;
import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.collectors.gpu.FeatureRecordPublisher;
import dev.fathom.collectors.gpu.InferenceFeatureRecords;
import dev.fathom.collectors.gpu.SimulatedGpuFleet;
import dev.fathom.collectors.gpu.Workload;
import dev.fathom.collectors.receiver.OtlpReceiverCommand;
import dev.fathom.collectors.spool.SpoolForwarder;
import dev.fathom.local.junit.SecuredKafkaExtension;
import dev.fathom.model.kafka.KafkaClientProperties;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every Kafka client of the collectors module against a broker whose only listener is SASL_SSL
 * with SCRAM-SHA-512, configured the one way users configure them: a Kafka client properties file
 * ({@code --kafka-config}, {@code kafka.config}), here with the password kept in a secrets file
 * through Kafka's FileConfigProvider. A wrong password is named as such and the spool keeps every
 * record; no password ever shows in the log.
 */
class KafkaSecurityTest {

    @RegisterExtension
    static final SecuredKafkaExtension kafka = new SecuredKafkaExtension();

    private static final String WRONG_PASSWORD = SecurityFixtures.WRONG_PASSWORD;
    private static CapturedLog log;

    @TempDir
    Path dir;

    @BeforeAll
    static void captureLog() {
        log = new CapturedLog();
    }

    @AfterAll
    static void stopCapturing() {
        log.close();
    }

    @AfterEach
    void noSecretInTheLog() {
        SecurityFixtures.assertNoSecret(log, kafka);
    }

    @Test
    void theSpooledExporterRoundTripsRecordsOverSaslSsl() throws Exception {
        kafka.createTopics(2, "sec_spooled");
        KafkaMetricExporter exporter = KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers())
                .topic("sec_spooled").deliveryTimeout(Duration.ofSeconds(20))
                .kafkaConfig(KafkaClientProperties.load(SecurityFixtures.clientConfig(kafka, dir, kafka.password())))
                .spool(dir.resolve("spool"), 1 << 20).build();
        for (int i = 0; i < 20; i++) {
            assertThat(exporter.exportSerialized(null, SecurityFixtures.request("h" + i, i), 1).isSuccess()).isTrue();
        }
        List<ConsumerRecord<byte[], byte[]>> records = SecuredTopic.readAll(kafka, "sec_spooled", 20);
        exporter.shutdown();
        assertThat(records).hasSize(20);
        assertThat(records).allSatisfy(r -> assertThat(r.headers().lastHeader(SpoolForwarder.SEQUENCE_HEADER)).isNotNull());
        assertThat(exporter.stats().pointsSent()).isEqualTo(20);
        // The Kafka client's own config dump was logged, with the JAAS value masked.
        assertThat(log.text()).contains("sasl.jaas.config = [hidden]").contains("security.protocol = SASL_SSL");
    }

    @Test
    void theDirectExporterRoundTripsMetricsOverSaslSsl() throws Exception {
        kafka.createTopics(1, "sec_direct");
        KafkaMetricExporter exporter = KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers())
                .topic("sec_direct").deliveryTimeout(Duration.ofSeconds(20))
                .kafkaConfig(KafkaClientProperties.load(SecurityFixtures.clientConfig(kafka, dir, kafka.password()))).build();
        CompletableResultCode result = exporter.export(metrics());
        assertThat(result.join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        exporter.shutdown();
        List<ConsumerRecord<byte[], byte[]>> records = SecuredTopic.readAll(kafka, "sec_direct", 1);
        assertThat(ExportMetricsServiceRequest.parseFrom(records.get(0).value()).getResourceMetrics(0)
                .getScopeMetrics(0).getMetrics(0).getName()).isEqualTo("security.test.requests");
    }

    @Test
    void aWrongPasswordIsNamedAndTheDirectExportFails() throws Exception {
        kafka.createTopics(1, "sec_refused");
        KafkaMetricExporter exporter = KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers())
                .topic("sec_refused").deliveryTimeout(Duration.ofSeconds(5))
                .kafkaConfig(KafkaClientProperties.load(SecurityFixtures.clientConfig(kafka, dir, WRONG_PASSWORD))).build();
        CompletableResultCode result = exporter.export(metrics());
        assertThat(result.join(30, TimeUnit.SECONDS).isSuccess()).isFalse();
        exporter.shutdown();
        assertThat(result.getFailureThrowable()).isInstanceOf(KafkaDeliveryException.class)
                .hasMessageContaining("SaslAuthenticationException")
                .hasMessageContaining("the broker refused the SASL login: check the user and password in sasl.jaas.config of "
                        + dir.resolve("kafka-client.properties"))
                .hasMessageContaining(kafka.bootstrapServers());
    }

    @Test
    void aWrongPasswordKeepsEveryRecordInTheSpoolUntilTheRightOneSendsThem() throws Exception {
        kafka.createTopics(1, "sec_spool_refused");
        Path spool = dir.resolve("spool-refused");
        KafkaMetricExporter refused = KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers())
                .topic("sec_spool_refused").deliveryTimeout(Duration.ofSeconds(3))
                .kafkaConfig(KafkaClientProperties.load(SecurityFixtures.clientConfig(kafka, dir, WRONG_PASSWORD))).spool(spool, 1 << 20).build();
        for (int i = 0; i < 10; i++) {
            assertThat(refused.exportSerialized(null, SecurityFixtures.request("h" + i, i), 1).isSuccess()).isTrue();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (refused.stats().brokerReachable() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(refused.stats().brokerReachable()).isFalse();
        assertThat(refused.stats().spooledRecords()).isEqualTo(10);
        refused.shutdown();
        assertThat(log.text()).contains("Cannot deliver to Kafka topic 'sec_spool_refused'")
                .contains("the broker refused the SASL login");

        // The right password (the operator fixed the secret): the same spool sends all ten, once each.
        KafkaMetricExporter fixed = KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers())
                .topic("sec_spool_refused").deliveryTimeout(Duration.ofSeconds(20))
                .kafkaConfig(KafkaClientProperties.load(SecurityFixtures.clientConfig(kafka, dir, kafka.password()))).spool(spool, 1 << 20).build();
        List<ConsumerRecord<byte[], byte[]>> records = SecuredTopic.readAll(kafka, "sec_spool_refused", 10);
        fixed.shutdown();
        assertThat(records).hasSize(10);
    }

    @Test
    void aClientFileCannotWeakenTheProducersGuarantees() throws Exception {
        Path file = Files.writeString(dir.resolve("weak.properties"), "acks=1\nsecurity.protocol=SASL_SSL\n");
        assertThatThrownBy(() -> KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers()).topic("t")
                .kafkaConfig(KafkaClientProperties.load(file)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka client config " + file + " sets acks=1, but the collector's producer needs acks=all"
                        + " (Fathom's delivery guarantees rest on it): remove the line");
    }

    @Test
    void simulatedFeatureRecordsArePublishedOverSaslSsl() throws Exception {
        kafka.createTopics(1, "sec_sim_features");
        MovableClock clock = new MovableClock(Instant.parse("2026-11-30T00:00:00Z"));
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(1, 2, 11, clock, List.of(Workload.INFERENCE), Set.of());
        FeatureRecordPublisher publisher = new FeatureRecordPublisher(new InferenceFeatureRecords(fleet, 11),
                kafka.bootstrapServers(), "sec_sim_features", Duration.ofHours(1), clock,
                KafkaClientProperties.load(SecurityFixtures.clientConfig(kafka, dir, kafka.password())));
        clock.advance(Duration.ofMinutes(2));
        publisher.close(); // publishes what the two minutes made
        assertThat(publisher.sent()).isPositive();
        List<ConsumerRecord<byte[], byte[]>> records = SecuredTopic.readAll(kafka, "sec_sim_features", (int) publisher.sent());
        assertThat(records).hasSize((int) publisher.sent());
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).contains(InferenceFeatureRecords.MODEL);
    }

    private static FeatureRecord feature(Random random) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("x", random.nextGaussian());
        return new FeatureRecord("churn", "1", Instant.parse("2026-11-30T00:00:00Z"), features, random.nextDouble(), null);
    }

    private static java.util.Collection<io.opentelemetry.sdk.metrics.data.MetricData> metrics() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            provider.get("security-test").counterBuilder("security.test.requests").build().add(3);
            return reader.collectAllMetrics();
        }
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
