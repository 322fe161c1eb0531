package dev.fathom.collectors;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the start, as the stream jobs will, until the test has what it waits for. */
public final class TopicReader {

    private TopicReader() {}

    /** A record as read back: its key and its value parsed as OTLP. */
    public record OtlpRecord(byte[] key, ExportMetricsServiceRequest request) {}

    public static List<OtlpRecord> readUntil(String bootstrapServers, String topic,
            Predicate<List<OtlpRecord>> done, Duration timeout) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<OtlpRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            while (!done.test(records)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after " + timeout + " only " + records.size() + " records on " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new OtlpRecord(record.key(), ExportMetricsServiceRequest.parseFrom(record.value())));
                }
            }
        }
        return records;
    }
}
