package dev.fathom.collectors.security;

import dev.fathom.local.junit.SecuredKafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Reads and writes a topic of the SASL_SSL test broker as its client user. */
public final class SecuredTopic {

    private SecuredTopic() {}

    public static List<ConsumerRecord<byte[], byte[]>> readUntil(SecuredKafkaExtension kafka, String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        return read(kafka, topic, done, timeout, Duration.ZERO);
    }

    /** At least {@code expected} records, then whatever else arrives within two seconds (duplicates would). */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(SecuredKafkaExtension kafka, String topic, int expected) {
        return read(kafka, topic, r -> r.size() >= expected, Duration.ofSeconds(60), Duration.ofSeconds(2));
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(SecuredKafkaExtension kafka, String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout, Duration linger) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + " only " + records.size() + " records on " + topic);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            long lingerEnd = System.nanoTime() + linger.toNanos();
            while (System.nanoTime() < lingerEnd) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public static void produce(SecuredKafkaExtension kafka, String topic, List<byte[]> values) {
        Properties props = kafka.clientProperties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
        }
    }
}
