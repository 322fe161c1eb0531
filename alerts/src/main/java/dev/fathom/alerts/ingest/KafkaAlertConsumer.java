package dev.fathom.alerts.ingest;

import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.model.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.ArrayList;
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
 * Reads {@link dev.fathom.model.Topics#ALERTS} into the engine. Offsets are committed only after
 * a poll's alerts are in the journal (asynchronously, and once more synchronously at close), so a crash re-reads rather than loses them (re-reading an
 * alert is harmless: it merges by fingerprint). A record that is not an alert is logged with its
 * partition and offset and skipped.
 */
public final class KafkaAlertConsumer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaAlertConsumer.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AlertsEngine engine;
    private final KafkaClientProperties kafkaConfig;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long skipped;
    private final String bootstrapServers;
    /** When the broker first refused our login in a row of refusals; 0 while it accepts it. */
    private long refusedSince;

    public KafkaAlertConsumer(AlertsConfig.Kafka config, AlertsEngine engine) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        this.bootstrapServers = config.bootstrapServers();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fathom-alerts");
        this.kafkaConfig = KafkaClientProperties.resolve(config.config() == null ? null : java.nio.file.Path.of(config.config()));
        kafkaConfig.applyTo(props, "the alerts consumer");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.engine = engine;
        consumer.subscribe(List.of(config.topic()));
        this.thread = new Thread(this::run, "alerts-kafka");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(200));
                    if (refusedSince != 0) {
                        log.info("the broker accepts the alerts consumer's login again");
                        refusedSince = 0;
                    }
                } catch (AuthenticationException e) {
                    // Credentials can be fixed on the broker side while we run: keep trying, say why once.
                    if (refusedSince == 0) {
                        refusedSince = System.nanoTime();
                        log.error("the broker at {} refused the alerts consumer: {} ({}); retrying every 5 s",
                                bootstrapServers, e.getMessage(), kafkaConfig.hintFor(e));
                    }
                    Thread.sleep(5000);
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                List<Alert> alerts = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    try {
                        alerts.add(AlertJson.fromBytes(r.value() == null ? new byte[0] : r.value()));
                    } catch (IllegalArgumentException e) {
                        skipped++;
                        log.warn("skipping record {}-{} offset {}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                engine.ingest(alerts, false);
                // The alerts are in the journal now, so committing cannot lose them; asynchronously,
                // so the next poll does not wait for the broker's answer.
                consumer.commitAsync((offsets, e) -> {
                    if (e != null) {
                        log.warn("committing alert offsets failed (they will be read again, harmlessly): {}", e.toString());
                    }
                });
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            log.error("the alerts topic consumer stopped", e);
        } finally {
            try {
                consumer.commitSync(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.warn("last commit of alert offsets failed: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Records skipped because they were not alerts. */
    public long skipped() {
        return skipped;
    }

    /** Stops polling, commits nothing further, leaves the group. */
    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ofSeconds(5));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
