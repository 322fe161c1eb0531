package dev.fathom.collectors.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.Collector;
import dev.fathom.collectors.drift.FeatureRecord;
import dev.fathom.collectors.drift.FeatureRecordParser;
import dev.fathom.local.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The simulated inference nodes' feature records reach Kafka in the form the drift monitor reads. */
class FeatureRecordPublisherTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    void featureRecordsReachTheTopicAndTheDriftParserReadsThem() throws Exception {
        kafka.createTopics(1, "otlp_features_test", "inference_features_test");
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(2, 2, 1, Clock.systemUTC(),
                List.of(Workload.INFERENCE, Workload.TRAINING), Set.of());
        try (Collector collector = Collector.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .topic("otlp_features_test")
                .interval(Duration.ofMillis(500))
                .simulatedFleet(fleet)
                .simulatedFeatureRecords("inference_features_test")
                .build()) {
            collector.start();
            collector.fleet().node("sim-node-01").inject(Fault.DRIFTING_FEATURE, Duration.ofMinutes(5));
            Thread.sleep(3500);
        }
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<FeatureRecord> records = new ArrayList<>();
        FeatureRecordParser parser = new FeatureRecordParser();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("inference_features_test"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(record.key()).isEqualTo(InferenceFeatureRecords.MODEL);
                    records.add(parser.parse(record.value().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        // One inference node, one record per second for about three seconds.
        assertThat(records).hasSizeBetween(2, 5);
        assertThat(records).allSatisfy(r -> assertThat(r.model()).isEqualTo(InferenceFeatureRecords.MODEL));
    }
}
