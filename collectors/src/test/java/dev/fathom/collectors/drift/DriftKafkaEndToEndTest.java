package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.TopicReader;
import dev.fathom.collectors.TopicReader.OtlpRecord;
import dev.fathom.local.junit.KafkaExtension;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The drift monitor as a process ({@code drift run}): feature records produced to the embedded
 * broker, drift gauges read back from otlp_metrics as the stream jobs will read them.
 */
class DriftKafkaEndToEndTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @TempDir
    Path dir;

    @Test
    void recordsOnTheTopicBecomeDriftGaugesOnOtlpMetrics() throws Exception {
        String featuresTopic = "features_e2e";
        String metricsTopic = "drift_metrics_e2e";
        kafka.createTopics(1, featuresTopic, metricsTopic);
        Path profileFile = dir.resolve("churn.json");
        DriftRecords.profile("churn", 500, 31).write(profileFile);

        DriftRunCommand command = new DriftRunCommand();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter(), true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--profile", profileFile.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--features-topic", featuresTopic, "--from-start", "--group-id", "e2e",
                "--metrics-topic", metricsTopic, "--interval", "PT1S", "--window-rows", "300"));

        Random random = new Random(32);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // x moves by one standard deviation; plan and prediction stay as in the reference.
            values.add(DriftRecords.json(DriftRecords.random(random, "churn", 1.0, new double[] {0.5, 0.3, 0.2}))
                    .getBytes(StandardCharsets.UTF_8));
            if (i == 100) {
                values.add("{\"model\": \"churn\", garbage".getBytes(StandardCharsets.UTF_8));
                values.add(new byte[] {(byte) 0xC0, (byte) 0xAF});
                values.add("{\"model\":\"unknown\",\"timestamp\":1,\"features\":{}}".getBytes(StandardCharsets.UTF_8));
            }
        }
        produce(featuresTopic, values);

        List<OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), metricsTopic,
                got -> gauge(got, DriftMetricNames.DRIFT_VALUE, Map.of("feature", "x", "method", "ks")) != null
                        && gauge(got, DriftMetricNames.RECORDS_REJECTED, Map.of("reason", "unknown_model")) != null,
                Duration.ofSeconds(60));
        command.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();

        NumberDataPoint ksP = gauge(records, DriftMetricNames.DRIFT_VALUE, Map.of("feature", "x", "method", "ks"));
        assertThat(attributes(ksP)).containsEntry("model", "churn").containsEntry("model.version", "1");
        assertThat(ksP.getAsDouble()).isLessThan(1e-6);
        assertThat(gauge(records, DriftMetricNames.DRIFT_THRESHOLD, Map.of("feature", "x", "method", "ks")).getAsDouble())
                .isEqualTo(0.05);
        NumberDataPoint detected = gauge(records, DriftMetricNames.DRIFT_DETECTED, Map.of("feature", "x", "method", "ks"));
        assertThat(detected.getAsInt()).isEqualTo(1);
        assertThat(attributes(detected)).containsEntry("drift.deciding", "true");
        assertThat(gauge(records, DriftMetricNames.DRIFT_DETECTED, Map.of("feature", "plan", "method", "chi_square")).getAsInt())
                .isZero();
        assertThat(gauge(records, DriftMetricNames.DRIFT_VALUE, Map.of("feature", "x", "method", "wasserstein")).getAsDouble())
                .isBetween(0.7, 1.3);
        assertThat(gauge(records, DriftMetricNames.FEATURE_MISSING_SHARE, Map.of("feature", "plan")).getAsDouble()).isZero();
        assertThat(gauge(records, DriftMetricNames.WINDOW_ROWS, Map.of("model", "churn")).getAsInt()).isEqualTo(300);
        assertThat(gauge(records, DriftMetricNames.REFERENCE_ROWS, Map.of("model", "churn")).getAsInt()).isEqualTo(500);
        assertThat(gauge(records, DriftMetricNames.DRIFT_DETECTED, Map.of("feature", FeatureRecord.PREDICTION, "method", "ks")).getAsInt())
                .isZero();
        assertThat(gauge(records, DriftMetricNames.DRIFTED_COLUMNS, Map.of("model", "churn")).getAsInt()).isEqualTo(1);
        assertThat(gauge(records, DriftMetricNames.RECORDS_ACCEPTED, Map.of()).getAsInt()).isEqualTo(300);
        assertThat(gauge(records, DriftMetricNames.RECORDS_REJECTED, Map.of("reason", "json")).getAsInt()).isEqualTo(1);
        assertThat(gauge(records, DriftMetricNames.RECORDS_REJECTED, Map.of("reason", "encoding")).getAsInt()).isEqualTo(1);
    }

    private static void produce(String topic, List<byte[]> values) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
        }
    }

    /** The newest point of a metric whose attributes include the wanted ones, or null. */
    private static NumberDataPoint gauge(List<OtlpRecord> records, String name, Map<String, String> wanted) {
        NumberDataPoint found = null;
        for (OtlpRecord record : records) {
            for (var resource : record.request().getResourceMetricsList()) {
                for (var scope : resource.getScopeMetricsList()) {
                    for (Metric metric : scope.getMetricsList()) {
                        if (!metric.getName().equals(name)) {
                            continue;
                        }
                        List<NumberDataPoint> points = metric.hasGauge() ? metric.getGauge().getDataPointsList()
                                : metric.getSum().getDataPointsList();
                        for (NumberDataPoint point : points) {
                            if (attributes(point).entrySet().containsAll(wanted.entrySet())) {
                                found = point;
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static Map<String, String> attributes(NumberDataPoint point) {
        return point.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey, kv -> {
            var v = kv.getValue();
            return v.hasBoolValue() ? Boolean.toString(v.getBoolValue()) : v.getStringValue();
        }));
    }
}
