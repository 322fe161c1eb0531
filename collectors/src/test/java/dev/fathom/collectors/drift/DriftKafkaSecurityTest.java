package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.security.CapturedLog;
import dev.fathom.collectors.security.SecuredTopic;
import dev.fathom.collectors.security.SecurityFixtures;
import dev.fathom.local.junit.SecuredKafkaExtension;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * {@code fathom drift run --kafka-config FILE} against a SASL_SSL (SCRAM-SHA-512) broker: its
 * feature consumer and its gauge exporter both connect. (In this package for the command's stop
 * latch; see dev.fathom.collectors.security for the rest.)
 */
class DriftKafkaSecurityTest {

    @RegisterExtension
    static final SecuredKafkaExtension kafka = new SecuredKafkaExtension();

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
    void theDriftMonitorReadsFeaturesAndWritesGaugesOverSaslSsl() throws Exception {
        kafka.createTopics(1, "sec_features", "sec_drift_metrics");
        ProfileBuilder profile = new ProfileBuilder("churn");
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            profile.add(feature(random));
        }
        Path profileFile = dir.resolve("churn.json");
        profile.build().write(profileFile);
        DriftRunCommand command = new DriftRunCommand();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command).setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter(), true));
        Path clientConfig = SecurityFixtures.clientConfig(kafka, dir, kafka.password());
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--profile", profileFile.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--kafka-config", clientConfig.toString(),
                "--features-topic", "sec_features", "--from-start", "--group-id", "sec",
                "--metrics-topic", "sec_drift_metrics", "--interval", "PT1S", "--window-rows", "100"));
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            FeatureRecord r = feature(random);
            values.add(String.format(java.util.Locale.ROOT,
                    "{\"model\":\"churn\",\"version\":\"1\",\"timestamp\":\"%s\",\"features\":{\"x\":%s},\"prediction\":%s}",
                    r.timestamp(), r.features().get("x"), r.prediction()).getBytes(StandardCharsets.UTF_8));
        }
        SecuredTopic.produce(kafka, "sec_features", values);
        try {
            SecuredTopic.readUntil(kafka, "sec_drift_metrics", records -> acceptedRecords(records) == 100, Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; drift run said: " + err + (exit.isDone() ? " and exited " + exit.join() : ""));
        }
        command.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }

    /** The newest value of the drift monitor's accepted-records gauge on the metrics topic, -1 before any. */
    private static long acceptedRecords(List<ConsumerRecord<byte[], byte[]>> records) {
        long accepted = -1;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                for (ResourceMetrics rm : ExportMetricsServiceRequest.parseFrom(record.value()).getResourceMetricsList()) {
                    for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                        for (Metric m : sm.getMetricsList()) {
                            if (m.getName().equals(DriftMetricNames.RECORDS_ACCEPTED)) {
                                for (NumberDataPoint p : m.hasGauge() ? m.getGauge().getDataPointsList() : m.getSum().getDataPointsList()) {
                                    accepted = p.hasAsInt() ? p.getAsInt() : (long) p.getAsDouble();
                                }
                            }
                        }
                    }
                }
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }
        return accepted;
    }


    private static FeatureRecord feature(Random random) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("x", random.nextGaussian());
        return new FeatureRecord("churn", "1", Instant.parse("2026-11-30T00:00:00Z"), features, random.nextDouble(), null);
    }
}
