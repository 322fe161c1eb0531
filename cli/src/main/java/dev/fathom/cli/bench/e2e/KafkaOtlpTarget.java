package dev.fathom.cli.bench.e2e;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the load to Kafka as the OpenTelemetry Collector's Kafka exporter would (OTLP protobuf,
 * null key, acks from the leader, no compression: the exporter's defaults), one marker point per
 * tick for the freshness probe. Counts points the broker acknowledged.
 */
final class KafkaOtlpTarget implements PacedLoad.Target, AutoCloseable {

    static final String CLIENT_ID = "bench-load-producer";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final OtlpRecords records;
    private final FreshnessProbe freshness;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong markers = new AtomicLong();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private final AtomicLong failedSends = new AtomicLong();

    KafkaOtlpTarget(String bootstrapServers, String topic, OtlpRecords records, FreshnessProbe freshness) {
        this.topic = topic;
        this.records = records;
        this.freshness = freshness;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID,
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void send(long from, long to, long tickMillis) {
        for (OtlpRecords.Record record : records.records(from, to, tickMillis)) {
            int n = record.points();
            producer.send(new ProducerRecord<>(topic, record.value()), (meta, e) -> {
                if (e == null) {
                    acked.addAndGet(n);
                } else {
                    failedSends.addAndGet(n);
                    sendFailure.compareAndSet(null, e);
                }
            });
        }
        producer.send(new ProducerRecord<>(topic, OtlpRecords.marker(tickMillis).toByteArray()), (meta, e) -> {
            if (e == null) {
                markers.incrementAndGet();
            } else {
                failedSends.incrementAndGet();
                sendFailure.compareAndSet(null, e);
            }
        });
        freshness.markerSent(tickMillis);
    }

    /** Fleet points plus markers the broker acknowledged. */
    long ackedPoints() {
        return acked.get() + markers.get();
    }

    long markers() {
        return markers.get();
    }

    /** Points whose record the broker did not take. */
    long failedPoints() {
        return failedSends.get();
    }

    Exception sendFailure() {
        return sendFailure.get();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(30));
    }
}
