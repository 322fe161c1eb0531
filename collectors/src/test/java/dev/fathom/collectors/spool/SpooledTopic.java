package dev.fathom.collectors.spool;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic written through the spool, with the spool's id and sequence headers. */
final class SpooledTopic {

    record Delivered(String spoolId, long sequence, byte[] value, ExportMetricsServiceRequest request) {
        String identity() {
            return spoolId + "#" + sequence;
        }
    }

    private SpooledTopic() {}

    static List<Delivered> readUntil(String bootstrapServers, String topic, Predicate<List<Delivered>> done,
            Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Delivered> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + " only " + records.size() + " records on " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header id = record.headers().lastHeader(SpoolForwarder.SPOOL_ID_HEADER);
                    Header sequence = record.headers().lastHeader(SpoolForwarder.SEQUENCE_HEADER);
                    records.add(new Delivered(new String(id.value(), StandardCharsets.UTF_8),
                            ByteBuffer.wrap(sequence.value()).getLong(), record.value(),
                            ExportMetricsServiceRequest.parseFrom(record.value())));
                }
            }
        }
        return records;
    }
}
