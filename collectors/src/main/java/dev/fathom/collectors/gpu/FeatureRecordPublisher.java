package dev.fathom.collectors.gpu;

import dev.fathom.model.kafka.KafkaClientProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a simulated fleet's inference feature records to Kafka every interval, keyed by model so
 * one model's records stay in order. Records are simulation output: when Kafka is away they are
 * logged as lost, not spooled.
 */
public final class FeatureRecordPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeatureRecordPublisher.class);

    private final InferenceFeatureRecords records;
    private final Producer<String, String> producer;
    private final String topic;
    private final KafkaClientProperties kafkaConfig;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private long lastMillis;
    private long sent;

    public FeatureRecordPublisher(InferenceFeatureRecords records, String bootstrapServers, String topic, Duration interval,
            Clock clock) {
        this(records, bootstrapServers, topic, interval, clock, KafkaClientProperties.none());
    }

    /** @param kafkaConfig the Kafka client properties file (TLS, SASL), merged under this producer's settings */
    public FeatureRecordPublisher(InferenceFeatureRecords records, String bootstrapServers, String topic, Duration interval,
            Clock clock, KafkaClientProperties kafkaConfig) {
        this.records = records;
        this.topic = topic;
        this.kafkaConfig = kafkaConfig;
        this.clock = clock;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "fathom-simulated-features");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        kafkaConfig.applyTo(config, "the simulated feature records' producer");
        this.producer = new KafkaProducer<>(config);
        this.lastMillis = clock.millis();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fathom-simulated-features");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(this::publish, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized void publish() {
        long now = clock.millis();
        for (String record : records.between(lastMillis, now)) {
            producer.send(new ProducerRecord<>(topic, InferenceFeatureRecords.MODEL, record), (metadata, error) -> {
                if (error != null) {
                    String hint = kafkaConfig.hintFor(error);
                    log.warn("A simulated feature record was not delivered to {}: {}{}", topic, error.toString(),
                            hint == null ? "" : " (" + hint + ")");
                }
            });
            sent++;
        }
        lastMillis = now;
    }

    public synchronized long sent() {
        return sent;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        publish();
        producer.close(Duration.ofSeconds(10));
    }
}
