package dev.fathom.collectors.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.local.junit.KafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spooled record the broker refuses for good (larger than the topic's {@code max.message.bytes})
 * must not hold back the records after it: it is dropped and counted, the others arrive in order.
 */
class SpoolForwarderRefusedRecordTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @Test
    void aRecordTheBrokerRefusesIsDroppedAndTheRestArrive(@TempDir Path dir) throws Exception {
        String topic = "spool_refused";
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", Integer.toString(64 * 1024))))).all().get();
        }
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(4 << 20));
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());

        try (DiskSpool spool = DiskSpool.open(dir.resolve("spool"), 16L << 20, false)) {
            spool.append(null, "first".getBytes(StandardCharsets.UTF_8), 1);
            // Random bytes do not compress: the batch stays over the topic's limit.
            byte[] big = new byte[1 << 20];
            new java.util.Random(1).nextBytes(big);
            spool.append(null, big, 7);
            spool.append(null, "third".getBytes(StandardCharsets.UTF_8), 1);
            SpoolForwarder forwarder = new SpoolForwarder(spool, topic, producer, Duration.ofSeconds(10), "test-spool").start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> spool.pendingRecords() == 0);
                assertThat(forwarder.recordsDropped()).isEqualTo(1);
                assertThat(forwarder.pointsDropped()).isEqualTo(7);
                assertThat(forwarder.recordsSent()).isEqualTo(2);
            } finally {
                forwarder.close();
            }
        }
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "test-refused");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(values).containsExactly("first", "third");
    }
}
