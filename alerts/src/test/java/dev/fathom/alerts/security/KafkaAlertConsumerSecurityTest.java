package dev.fathom.alerts.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.alerts.AlertsService;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.testing.RecordingServer;
import dev.fathom.alerts.testing.TestConfigs;
import dev.fathom.local.SaslSslListener;
import dev.fathom.local.junit.SecuredKafkaExtension;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts service's topic consumer against a broker whose only listener is SASL_SSL with
 * SCRAM-SHA-512, configured with {@code kafka.config} (a Kafka client properties file whose
 * password comes from the environment through Kafka's EnvVarConfigProvider); a refused login is
 * named, retried, and loses no alert once the broker accepts it; no password in the log.
 */
class KafkaAlertConsumerSecurityTest {

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
        assertThat(log.text()).doesNotContain(kafka.password()).doesNotContain(kafka.listener().storePassword())
                .doesNotContain(System.getenv("HOME") + "\"");
    }

    /**
     * A client file for {@code user} whose password is {@code ${env:HOME}}: Kafka's
     * EnvVarConfigProvider reads it from the environment, the file never holds it.
     */
    private Path clientConfig(String user) throws Exception {
        Properties props = kafka.clientProperties(user, "${env:HOME}");
        props.put("config.providers", "env");
        props.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        return SecuredKafkaExtension.writeClientConfig(dir.resolve("kafka-" + user + ".properties"), props);
    }

    private AlertsConfig config(String topic, Path clientConfig, RecordingServer hook) {
        return TestConfigs.load(dir, """
                data_dir: state-%s
                server:
                  listen: 127.0.0.1:0
                kafka:
                  bootstrap_servers: %s
                  topic: %s
                  group_id: %s
                  config: %s
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 0s
                  group_interval: 1s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: ${HOOK_URL}
                """.formatted(topic, kafka.bootstrapServers(), topic, topic, clientConfig.getFileName())
                + TestConfigs.FAST_DELIVERY, Map.of("HOOK_URL", hook.url("/hook")));
    }

    private static void publish(String topic, Alert alert) throws Exception {
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, alert.fingerprint().getBytes(StandardCharsets.UTF_8), AlertJson.toBytes(alert))).get();
        }
    }

    private static Alert alert(String name) {
        return Alert.firing(Map.of("alertname", name, "severity", "warning"), Map.of("summary", "secured"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), "");
    }

    @Test
    void alertsFromTheSecuredTopicAreDelivered() throws Exception {
        kafka.addUser("alerts-reader", System.getenv("HOME"));
        kafka.createTopics(1, "sec_alerts");
        try (RecordingServer hook = new RecordingServer(200);
             AlertsService service = AlertsService.start(config("sec_alerts", clientConfig("alerts-reader"), hook), Clock.systemUTC())) {
            publish("sec_alerts", alert("SecuredAlert"));
            await().atMost(Duration.ofSeconds(30)).until(() -> hook.count() == 1);
            assertThat(hook.received().get(0).body()).contains("SecuredAlert");
        }
    }

    @Test
    void aRefusedLoginIsNamedAndRetriedUntilTheBrokerAcceptsIt() throws Exception {
        kafka.createTopics(1, "sec_alerts_late");
        publish("sec_alerts_late", alert("WaitingAlert"));
        // The user does not exist yet: the broker refuses the login.
        try (RecordingServer hook = new RecordingServer(200);
             AlertsService service = AlertsService.start(config("sec_alerts_late", clientConfig("alerts-late"), hook), Clock.systemUTC())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> log.text().contains("refused the alerts consumer"));
            assertThat(log.text()).contains("the broker at " + kafka.bootstrapServers() + " refused the alerts consumer")
                    .contains("the broker refused the SASL login: check the user and password in sasl.jaas.config of "
                            + dir.resolve("kafka-alerts-late.properties"));
            assertThat(hook.count()).isZero();
            // The operator creates the user: the consumer gets in and the alert is delivered, not lost.
            kafka.addUser("alerts-late", System.getenv("HOME"));
            await().atMost(Duration.ofSeconds(40)).until(() -> hook.count() == 1);
            assertThat(hook.received().get(0).body()).contains("WaitingAlert");
        }
    }

    @Test
    void aMissingClientFileIsABadConfig() {
        Path absent = dir.resolve("absent.properties");
        try (RecordingServer hook = new RecordingServer(200)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertsService.start(config("sec_x", absent, hook), Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Kafka client config " + absent + " does not exist");
        }
        assertThat(Files.exists(absent)).isFalse();
        assertThat(SaslSslListener.MECHANISM).isEqualTo("SCRAM-SHA-512");
    }
}
