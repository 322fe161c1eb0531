package dev.fathom.streamjobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.SecuredKafkaExtension;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.model.kafka.KafkaClientProperties;
import dev.fathom.streamjobs.decode.OtlpRecord;
import dev.fathom.streamjobs.points.PointsJob;
import dev.fathom.streamjobs.points.PointsJobConfig;
import dev.fathom.streamjobs.slo.AlertSerializer;
import dev.fathom.streamjobs.slo.SloStage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The points job's Kafka source and the alerts sink against a broker whose only listener is
 * SASL_SSL with SCRAM-SHA-512, configured with {@code --kafka-config FILE} whose password the task
 * reads from a secrets file through Kafka's FileConfigProvider (so it never travels in the job graph).
 */
class StreamJobsKafkaSecurityTest {

    @RegisterExtension
    static final SecuredKafkaExtension kafka = new SecuredKafkaExtension();

    @RegisterExtension
    static final MiniClusterExtension flink = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(restOnAnyPort()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    Path dir;

    private static Configuration restOnAnyPort() {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        return config;
    }

    private Path clientConfig() throws Exception {
        Path secrets = Files.writeString(dir.resolve("kafka-secrets.properties"), "password=" + kafka.password() + "\n");
        Properties props = kafka.clientProperties(kafka.user(), "${file:" + secrets + ":password}");
        props.put("config.providers", "file");
        props.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        return SecuredKafkaExtension.writeClientConfig(dir.resolve("kafka-client.properties"), props);
    }

    private PointsJobConfig jobConfig(String topic, Path clientConfig) {
        return new PointsJobConfig(kafka.bootstrapServers(), topic, "sec-" + topic, "http://127.0.0.1:1", "unused",
                Duration.ofSeconds(1), 10, true, false).withKafkaConfig(clientConfig.toString());
    }

    @Test
    void thePointsJobSourceReadsOverSaslSsl() throws Exception {
        kafka.createTopics(1, "sec_points_src");
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("sec_points_src", ("record-" + i).getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        PointsJobConfig config = jobConfig("sec_points_src", clientConfig());
        assertThat(config.toString()).doesNotContain(kafka.password());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        List<String> read = new ArrayList<>();
        try (var records = env.fromSource(PointsJob.kafkaSource(config), WatermarkStrategy.noWatermarks(), "secured-source")
                .executeAndCollect()) {
            records.forEachRemaining((OtlpRecord r) -> read.add(new String(r.payload(), StandardCharsets.UTF_8)));
        }
        assertThat(read).containsExactly("record-0", "record-1", "record-2", "record-3", "record-4");
    }

    @Test
    void theAlertsSinkWritesOverSaslSsl() throws Exception {
        kafka.createTopics(1, "sec_alerts_sink");
        Instant at = Instant.parse("2026-11-30T00:00:00Z");
        Alert first = Alert.firing(Map.of("alertname", "SecuredSink", "slo", "a"), Map.of(), at, "");
        Alert second = Alert.firing(Map.of("alertname", "SecuredSink", "slo", "b"), Map.of(), at, "");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromData(AlertSerializer.TYPE, first, second)
                .sinkTo(SloStage.alertsSink(kafka.bootstrapServers(), "sec_alerts_sink",
                        KafkaClientProperties.load(clientConfig())));
        env.execute("secured-alerts-sink");

        Properties c = kafka.clientProperties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "sec-alerts-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("sec_alerts_sink"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (alerts.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    alerts.add(AlertJson.fromBytes(r.value()));
                }
            }
        }
        assertThat(alerts).extracting(Alert::fingerprint).containsExactlyInAnyOrder(first.fingerprint(), second.fingerprint());
    }

    @Test
    void aClientFileCannotTurnOffReadCommitted() throws Exception {
        Path weak = Files.writeString(dir.resolve("weak.properties"), "isolation.level=read_uncommitted\n");
        assertThatThrownBy(() -> PointsJob.kafkaSource(jobConfig("t", weak)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Kafka client config " + weak + " sets isolation.level=read_uncommitted, but the points job's source"
                        + " needs isolation.level=read_committed (Fathom's delivery guarantees rest on it): remove the line");
    }
}
