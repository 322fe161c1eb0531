package dev.fathom.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Topics;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
 * The service whole: alerts from the real Kafka topic are routed to Slack and PagerDuty stand-ins,
 * resolved with the same dedup_key, and every state change and attempt lands in real ClickHouse
 * without a secret.
 */
class AlertsServiceEndToEndTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();
    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    private static final String PD_KEY = "PDKEY-e2e-0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void anSloAlertFromKafkaPagesAndPostsThenResolvesAndIsRecorded() throws Exception {
        kafka.createTopics(1, Topics.ALERTS);
        try (RecordingServer pd = new RecordingServer(202); RecordingServer slack = new RecordingServer(200)) {
            AlertsConfig config = TestConfigs.load(dir, """
                    data_dir: state
                    server:
                      listen: 127.0.0.1:0
                    kafka:
                      bootstrap_servers: %s
                    clickhouse:
                      url: %s
                      database: fathom_alerts_e2e
                    route:
                      receiver: slack
                      group_by: [alertname, slo]
                      group_wait: 0s
                      group_interval: 1s
                      routes:
                        - receiver: pager
                          matchers: ['severity="critical"']
                          continue: true
                        - receiver: slack
                    receivers:
                      - name: pager
                        pagerduty_configs:
                          - routing_key: ${PD_KEY}
                            url: %s
                      - name: slack
                        slack_configs:
                          - api_url: ${SLACK_URL}
                    """.formatted(kafka.bootstrapServers(), clickhouse.httpUrl(), pd.url("/v2/enqueue")) + TestConfigs.FAST_DELIVERY,
                    Map.of("PD_KEY", PD_KEY, "SLACK_URL", slack.url("/services/SLACKSECRET")));
            Clock clock = Clock.systemUTC();
            Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            Alert burn = Alert.firing(Map.of("alertname", "SLOBurnRateHigh", "severity", "critical", "source", "slo",
                    "slo", "inference-availability", "service", "inference", "team", "ml-platform"),
                    Map.of("summary", "error budget burning 14.4x over 1h and 5m", "value", "16.1"), start, "");

            int port;
            try (AlertsService service = AlertsService.start(config, clock);
                 KafkaProducer<byte[], byte[]> producer = producer()) {
                port = service.port();
                producer.send(new ProducerRecord<>(Topics.ALERTS, "junk".getBytes(StandardCharsets.UTF_8), "{not an alert".getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(Topics.ALERTS, burn.fingerprint().getBytes(StandardCharsets.UTF_8), AlertJson.toBytes(burn)));
                producer.flush();

                await().atMost(Duration.ofSeconds(30)).until(() -> pd.count() == 1 && slack.count() == 1);
                JsonNode trigger = pd.received().get(0).json();
                assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
                assertThat(trigger.get("payload").get("severity").asText()).isEqualTo("critical");
                assertThat(slack.received().get(0).json().get("text").asText()).startsWith("[FIRING:1] SLOBurnRateHigh");

                Alert resolved = burn.resolvedAt(clock.instant());
                producer.send(new ProducerRecord<>(Topics.ALERTS, burn.fingerprint().getBytes(StandardCharsets.UTF_8), AlertJson.toBytes(resolved)));
                producer.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> pd.count() == 2 && slack.count() == 2);
                JsonNode resolve = pd.received().get(1).json();
                assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
                assertThat(resolve.get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText());
                assertThat(slack.received().get(1).json().get("text").asText()).startsWith("[RESOLVED] SLOBurnRateHigh");

                ClickHouseHttp ch = new ClickHouseHttp(clickhouse.httpUrl(), "fathom_alerts_e2e");
                await().atMost(Duration.ofSeconds(15)).until(() -> ch.queryLong("SELECT count() FROM alert_notifications WHERE status = 'sent'") == 4
                        && ch.queryLong("SELECT count() FROM alert_events") == 2);
                List<JsonNode> events = ch.query("SELECT status, fingerprint, alertname, severity, source, label_keys, group_key FROM alert_events ORDER BY ts, status");
                assertThat(events).extracting(e -> e.get("status").asText()).containsExactlyInAnyOrder("firing", "resolved");
                assertThat(events.get(0).get("fingerprint").asText()).isEqualTo(burn.fingerprint());
                assertThat(events.get(0).get("source").asText()).isEqualTo("slo");
                assertThat(events.get(0).get("group_key").asText()).contains("alertname=\"SLOBurnRateHigh\"");
                List<JsonNode> sent = ch.query("SELECT receiver, integration, dedup_key, firing FROM alert_notifications WHERE integration = 'pagerduty' ORDER BY ts, firing DESC");
                assertThat(sent).extracting(r -> r.get("receiver").asText() + "/" + r.get("firing").asInt())
                        .containsExactlyInAnyOrder("pager/1", "pager/0");
                assertThat(sent.get(0).get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText());
                String everything = ch.query("SELECT * FROM alert_notifications").toString() + ch.query("SELECT * FROM alert_events");
                assertThat(everything).doesNotContain(PD_KEY).doesNotContain("SLACKSECRET");
            }
            // Closed: the port is free again.
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(java.io.IOException.class);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
