package dev.fathom.collectors.spool;

import dev.fathom.model.kafka.KafkaClientProperties;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves spooled records to Kafka, oldest first, on a thread of its own: sends a batch, waits
 * until the broker has acknowledged all of it, then commits it in the spool. When a batch fails
 * (broker unreachable, delivery timeout) the producer is closed, the thread waits (0.5 s doubling
 * to 30 s) and sends the same batch again with a new producer; so a record reaches the topic at
 * least once, in spool order per partition. A record sent twice is the same bytes with the same
 * {@code fathom.spool.sequence} header, so a consumer can drop the second copy.
 */
public final class SpoolForwarder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpoolForwarder.class);
    public static final String SEQUENCE_HEADER = "fathom.spool.sequence";
    public static final String SPOOL_ID_HEADER = "fathom.spool.id";
    private static final int BATCH_RECORDS = 500;
    private static final long BATCH_BYTES = 8L * 1024 * 1024;
    /**
     * A batch waiting this long makes the broker count as unreachable (receivers answer 503 rather
     * than 429) while the batch still waits out the delivery timeout.
     */
    static final Duration NO_ACK_UNREACHABLE = Duration.ofSeconds(5);

    private final DiskSpool spool;
    private final String topic;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Duration deliveryTimeout;
    private final byte[] spoolId;
    /** Names an authentication failure's cause in the log; its secrets are never shown. */
    private KafkaClientProperties kafkaConfig = KafkaClientProperties.none();
    private final Thread thread;
    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong pointsSent = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong recordsDropped = new AtomicLong();
    private final AtomicLong pointsDropped = new AtomicLong();
    /** Why Kafka refused the last record of the batch just sent for good; null otherwise. */
    private Throwable refused;
    private volatile boolean stopping;
    private volatile boolean brokerReachable = true;
    /** When the batch now being sent started (System.nanoTime()); 0 while none is. */
    private volatile long batchStartedNanos;
    private Producer<byte[], byte[]> producer;

    /**
     * @param producerConfig the producer's settings (serializers must be byte arrays)
     * @param spoolId names this spool in the record header, e.g. the host name and spool directory
     */
    public SpoolForwarder(DiskSpool spool, String topic, Properties producerConfig, Duration deliveryTimeout, String spoolId) {
        this(spool, topic, () -> new KafkaProducer<>(producerConfig), deliveryTimeout, spoolId);
    }

    /** As above; {@code kafkaConfig} is where the producer's security settings came from, for hints in the log. */
    public SpoolForwarder(DiskSpool spool, String topic, Properties producerConfig, Duration deliveryTimeout, String spoolId,
            KafkaClientProperties kafkaConfig) {
        this(spool, topic, producerConfig, deliveryTimeout, spoolId);
        this.kafkaConfig = kafkaConfig;
    }

    SpoolForwarder(DiskSpool spool, String topic, Supplier<Producer<byte[], byte[]>> producers, Duration deliveryTimeout,
            String spoolId) {
        this.spool = spool;
        this.topic = topic;
        this.producers = producers;
        this.deliveryTimeout = deliveryTimeout;
        this.spoolId = spoolId.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.thread = new Thread(this::run, "fathom-spool-forwarder");
        this.thread.setDaemon(true);
    }

    public SpoolForwarder start() {
        thread.start();
        return this;
    }

    private void run() {
        long backoffMillis = 500;
        while (!stopping) {
            try {
                List<SpooledRecord> batch = spool.peek(BATCH_RECORDS, BATCH_BYTES);
                if (batch.isEmpty()) {
                    spool.awaitRecords(1000);
                    continue;
                }
                int delivered = send(batch);
                if (delivered < 0) {
                    failedAttempts.incrementAndGet();
                    TimeUnit.MILLISECONDS.sleep(backoffMillis);
                    backoffMillis = Math.min(30_000, backoffMillis * 2);
                    continue;
                }
                // Either the whole batch, or a prefix ending with a record Kafka will never take.
                List<SpooledRecord> done = batch.subList(0, delivered);
                spool.commit(done.get(done.size() - 1).sequence());
                int sent = delivered;
                if (refused != null) {
                    SpooledRecord tooLarge = done.get(done.size() - 1);
                    sent--;
                    recordsDropped.incrementAndGet();
                    pointsDropped.addAndGet(tooLarge.points());
                    log.error("Kafka refuses spooled record {} ({} bytes) for good ({}); it is dropped so that the records "
                            + "after it can go", tooLarge.sequence(), tooLarge.value().length, refused.toString());
                    refused = null;
                    done = done.subList(0, done.size() - 1);
                }
                for (SpooledRecord record : done) {
                    pointsSent.addAndGet(record.points());
                }
                recordsSent.addAndGet(sent);
                backoffMillis = 500;
                if (!brokerReachable) {
                    brokerReachable = true;
                    log.info("Kafka reachable again; sending the {} spooled record(s)", spool.pendingRecords());
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                log.error("Cannot read the spool in {}: {}", spool.directory(), e.toString());
                try {
                    TimeUnit.SECONDS.sleep(5);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Sends a batch and waits for the acknowledgements, in order. Returns how many records from the
     * start of the batch are done: all of them; or, when Kafka refused one for good (too large for
     * the broker), the records up to and including that one; or -1 (producer closed) on any other
     * failure, so the whole batch is sent again.
     */
    private int send(List<SpooledRecord> batch) throws InterruptedException {
        batchStartedNanos = System.nanoTime();
        try {
            return sendAndAwait(batch);
        } finally {
            batchStartedNanos = 0;
        }
    }

    private int sendAndAwait(List<SpooledRecord> batch) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        try {
            if (producer == null) {
                producer = producers.get();
            }
            for (SpooledRecord record : batch) {
                ProducerRecord<byte[], byte[]> kafkaRecord = new ProducerRecord<>(topic, null, record.key(), record.value());
                kafkaRecord.headers().add(new RecordHeader(SPOOL_ID_HEADER, spoolId));
                kafkaRecord.headers().add(new RecordHeader(SEQUENCE_HEADER,
                        java.nio.ByteBuffer.allocate(8).putLong(record.sequence()).array()));
                Future<RecordMetadata> ack = producer.send(kafkaRecord);
                acks.add(ack);
                if (ack.isDone()) {
                    // Refused before it was queued (no metadata within max.block.ms, too large): the
                    // records after it must not overtake it, so they wait for the next attempt.
                    break;
                }
            }
            // The whole batch is queued: send it now rather than after linger.ms (one wake-up less).
            producer.flush();
            long deadline = System.nanoTime() + deliveryTimeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RecordTooLargeException || e.getCause() instanceof RecordBatchTooLargeException) {
                        refused = e.getCause();
                        // The records sent after it may have failed on its account (sequence gap):
                        // a fresh producer sends them again.
                        closeProducer(Duration.ofSeconds(1));
                        return i + 1;
                    }
                    throw e;
                }
            }
            return acks.size(); // every record sent was acknowledged (all of the batch, or the prefix sent)
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (brokerReachable) {
                brokerReachable = false;
                String hint = kafkaConfig.hintFor(cause);
                log.warn("Cannot deliver to Kafka topic '{}' ({}){}; records are kept in the spool {} and sent when "
                        + "the broker is back", topic, cause.toString(), hint == null ? "" : ": " + hint, spool.directory());
            }
            closeProducer(Duration.ZERO);
            return -1;
        }
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                log.debug("closing the producer: {}", e.toString());
            }
            producer = null;
        }
    }

    /**
     * False from a failed send until a batch is delivered, and while a batch has waited longer than
     * {@link #NO_ACK_UNREACHABLE} (for metadata or acknowledgements): a send fails only after the
     * delivery timeout, and receivers should answer 503, not 429, well before that.
     */
    public boolean brokerReachable() {
        long started = batchStartedNanos;
        return brokerReachable && (started == 0 || System.nanoTime() - started < NO_ACK_UNREACHABLE.toNanos());
    }

    public long recordsSent() {
        return recordsSent.get();
    }

    public long pointsSent() {
        return pointsSent.get();
    }

    /** Records Kafka refused for good (larger than the broker takes), dropped from the spool. */
    public long recordsDropped() {
        return recordsDropped.get();
    }

    public long pointsDropped() {
        return pointsDropped.get();
    }

    /** Batches that failed and were kept for another try. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /**
     * Waits up to {@code timeout} for the spool to empty (while the broker answers), then stops.
     * What is still undelivered stays in the spool for the next start.
     */
    @Override
    public void close() {
        close(deliveryTimeout);
    }

    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (spool.pendingRecords() > 0 && brokerReachable && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping = true;
        thread.interrupt();
        try {
            thread.join(deliveryTimeout.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeProducer(Duration.ofSeconds(5));
        long left = spool.pendingRecords();
        if (left > 0) {
            log.warn("Stopping with {} undelivered record(s) kept in the spool {}; they are sent at the next start",
                    left, spool.directory());
        }
    }
}
