package dev.fathom.alerts.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.alerts.AlertsService;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Topics;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not part of the suite (its name does not end in Test): latency from an alert's
 * startsAt (the anomalous point's timestamp, stamped just before the alert goes onto the Kafka
 * topic) to the PagerDuty request arriving at a local server, with group_wait 0. Each alert has
 * its own host, so its own group and its own page. Run:
 *
 * <pre>mvn -B -o -q -pl alerts test -Dtest=AlertLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * Prints count, p50, p95 and max in milliseconds. {@code -Dbench.alerts=N} and
 * {@code -Dbench.spacingMs=M} change the load (default 200 alerts, one every 20 ms).
 */
class AlertLatencyBenchmark {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @TempDir
    Path dir;

    @Test
    void pointTimestampToPagerDutyRequest() throws Exception {
        int count = Integer.getInteger("bench.alerts", 200);
        long spacingMs = Long.getLong("bench.spacingMs", 20);
        kafka.createTopics(1, Topics.ALERTS);
        try (RecordingServer pd = new RecordingServer(202)) {
            AlertsConfig config = TestConfigs.load(dir, """
                    data_dir: state
                    server:
                      listen: 127.0.0.1:0
                    kafka:
                      bootstrap_servers: %s
                    route:
                      receiver: pager
                      group_by: [alertname, host]
                      group_wait: 0s
                    receivers:
                      - name: pager
                        pagerduty_configs:
                          - routing_key_file: %s
                            url: %s
                    """.formatted(kafka.bootstrapServers(), java.nio.file.Files.writeString(dir.resolve("pd-key"), "bench-key"),
                    pd.url("/v2/enqueue")));
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            try (AlertsService service = AlertsService.start(config, Clock.systemUTC());
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
                // Warm-up: one alert end to end, not counted.
                send(producer, "warmup", Instant.now());
                await().atMost(Duration.ofSeconds(60)).until(() -> pd.count() == 1);
                for (int i = 0; i < count; i++) {
                    send(producer, "gpu-" + i, Instant.now());
                    Thread.sleep(spacingMs);
                }
                await().atMost(Duration.ofSeconds(120)).until(() -> pd.count() == count + 1);
            }
            List<Long> latencies = new ArrayList<>();
            for (RecordingServer.Received r : pd.received().subList(1, count + 1)) {
                JsonNode event = r.json();
                Instant startsAt = Instant.parse(event.get("payload").get("timestamp").asText());
                latencies.add(r.arrivedMillis() - startsAt.toEpochMilli());
            }
            Collections.sort(latencies);
            assertThat(latencies).hasSize(count);
            System.out.printf(Locale.ROOT, "alert latency, point timestamp -> PagerDuty request (group_wait 0, %d alerts, one every %d ms): "
                            + "p50 %d ms, p95 %d ms, max %d ms%n",
                    count, spacingMs, percentile(latencies, 50), percentile(latencies, 95), latencies.get(latencies.size() - 1));
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String host, Instant at) {
        Alert alert = Alert.firing(Map.of("alertname", "SeriesAnomaly", "severity", "critical", "source", "anomaly", "host", host),
                Map.of("summary", "gpu.temperature out of range on " + host), at, "");
        producer.send(new ProducerRecord<>(Topics.ALERTS, alert.fingerprint().getBytes(), AlertJson.toBytes(alert)));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
