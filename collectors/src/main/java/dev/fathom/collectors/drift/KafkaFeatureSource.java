package dev.fathom.collectors.drift;

import dev.fathom.model.Topics;
import dev.fathom.model.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the drift monitor from a Kafka topic of JSON feature records (by default
 * {@link Topics#INFERENCE_FEATURES}) on its own thread. Values are read as bytes, so a record that
 * is not UTF-8 or not JSON is the monitor's to count, not a consumer failure.
 */
public final class KafkaFeatureSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaFeatureSource.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final KafkaClientProperties kafkaConfig;
    private final DriftMonitor monitor;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param groupId consumer group; offsets are committed, so a restart goes on where it stopped
     * @param fromStart where a new group starts: the earliest record (true) or new ones only
     */
    public KafkaFeatureSource(String bootstrapServers, String topic, String groupId, boolean fromStart, DriftMonitor monitor) {
        this(bootstrapServers, topic, groupId, fromStart, monitor, KafkaClientProperties.none());
    }

    /** @param kafkaConfig the Kafka client properties file (TLS, SASL), merged under this consumer's settings */
    public KafkaFeatureSource(String bootstrapServers, String topic, String groupId, boolean fromStart, DriftMonitor monitor,
            KafkaClientProperties kafkaConfig) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fathom-drift");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromStart ? "earliest" : "latest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        kafkaConfig.applyTo(props, "the drift monitor's consumer");
        this.kafkaConfig = kafkaConfig;
        this.consumer = new KafkaConsumer<>(props);
        this.topic = topic;
        this.monitor = monitor;
        this.thread = new Thread(this::run, "drift-kafka-" + topic);
        this.thread.setDaemon(true);
    }

    public KafkaFeatureSource start() {
        consumer.subscribe(List.of(topic));
        thread.start();
        return this;
    }

    private void run() {
        try {
            boolean refused = false;
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                    refused = false;
                } catch (AuthenticationException e) {
                    // The credentials may be fixed on the broker while we run: keep trying, say why once.
                    if (!refused) {
                        refused = true;
                        log.error("Drift source: the broker refused the login for topic '{}': {} ({}); retrying every 5 s",
                                topic, e.getMessage(), kafkaConfig.hintFor(e));
                    }
                    Thread.sleep(5000);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    byte[] value = record.value() == null ? new byte[0] : record.value();
                    monitor.accept(value, record.topic() + "[" + record.partition() + "]@" + record.offset());
                }
                monitor.closeDueWindows();
            }
        } catch (WakeupException | InterruptedException e) {
            // close() woke the poll: stop.
        } catch (RuntimeException e) {
            String hint = kafkaConfig.hintFor(e);
            log.error("Drift source on Kafka topic '{}' stopped: {}{}", topic, e.toString(), hint == null ? "" : " (" + hint + ")", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
