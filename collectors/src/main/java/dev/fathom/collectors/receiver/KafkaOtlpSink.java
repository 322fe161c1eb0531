package dev.fathom.collectors.receiver;

import dev.fathom.model.Topics;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each accepted request to Kafka as one record whose value is the serialized
 * {@code ExportMetricsServiceRequest} (encoding {@code otlp_proto}). The producer is set up as
 * the collector's exporter is: idempotent, {@code acks=all}, lz4. A request of one resource is
 * keyed by a hash of that resource's attributes, so one sender's points stay in one partition; a
 * request mixing resources has no key.
 *
 * <p>It fails fast rather than queueing without bound: when the producer's buffer stays full for
 * {@code maxBlock} the request is refused as {@link SinkRejectedException.Kind#FULL}; when the
 * broker cannot be reached or does not acknowledge within the delivery timeout, as
 * {@link SinkRejectedException.Kind#UNAVAILABLE}.
 */
public final class KafkaOtlpSink implements OtlpSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaOtlpSink.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String bootstrapServers;
    private final Duration retryAfter;
    private final Duration closeTimeout;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private KafkaOtlpSink(Builder builder) {
        this.topic = builder.topic;
        this.bootstrapServers = builder.bootstrapServers;
        this.retryAfter = builder.retryAfter;
        this.closeTimeout = builder.deliveryTimeout;
        this.producer = new KafkaProducer<>(builder.producerConfig());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<Void> send(ExportMetricsServiceRequest request) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, keyOf(request), request.toByteArray()), (metadata, error) -> {
                if (error == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(rejection(error));
                }
            });
        } catch (RuntimeException e) {
            // send() throws rather than calling back for a full buffer, missing metadata or a closed producer.
            done.completeExceptionally(rejection(e));
        }
        return done;
    }

    private SinkRejectedException rejection(Throwable error) {
        if (error instanceof BufferExhaustedException) {
            return new SinkRejectedException(SinkRejectedException.Kind.FULL,
                    "the Kafka producer's buffer is full (topic '" + topic + "' at " + bootstrapServers + " is slower than the senders)",
                    retryAfter, error);
        }
        if (error instanceof RecordTooLargeException) {
            return new SinkRejectedException(SinkRejectedException.Kind.TOO_LARGE,
                    "the request is larger than Kafka accepts for one record on topic '" + topic + "': " + error.getMessage()
                            + "; send smaller batches", null, error);
        }
        log.warn("Cannot deliver OTLP request to Kafka topic '{}' at {}: {}", topic, bootstrapServers, error.toString());
        return new SinkRejectedException(SinkRejectedException.Kind.UNAVAILABLE,
                "Kafka topic '" + topic + "' at " + bootstrapServers + " did not take the request ("
                        + error.getClass().getSimpleName() + ": " + error.getMessage() + ")",
                retryAfter, error);
    }

    /** First 16 bytes of SHA-256 over the sorted resource attributes, as the collector's exporter keys records. */
    static byte[] keyOf(ExportMetricsServiceRequest request) {
        if (request.getResourceMetricsCount() != 1) {
            return null;
        }
        Map<String, String> sorted = new TreeMap<>();
        for (KeyValue attribute : request.getResourceMetrics(0).getResource().getAttributesList()) {
            sorted.put(attribute.getKey(), text(attribute.getValue()));
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (Map.Entry<String, String> attribute : sorted.entrySet()) {
            sha256.update(attribute.getKey().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(attribute.getValue().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return Arrays.copyOf(sha256.digest(), 16);
    }

    /** The attribute value as the SDK's String.valueOf would print it, so keys match the collector's. */
    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream().map(KafkaOtlpSink::text)
                    .collect(Collectors.joining(", ", "[", "]"));
            default -> value.toString();
        };
    }

    /** Sends what is buffered, waits for it up to the delivery timeout, and closes. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        producer.flush();
        producer.close(closeTimeout);
    }

    @Override
    public String toString() {
        return "KafkaOtlpSink{topic=" + topic + ", bootstrapServers=" + bootstrapServers + "}";
    }

    public static final class Builder {
        private String bootstrapServers;
        private String topic = Topics.OTLP_METRICS;
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private Duration maxBlock = Duration.ofSeconds(2);
        private Duration retryAfter = Duration.ofSeconds(5);
        private long bufferBytes = 64L << 20;
        private int maxRecordBytes = 16 << 20;
        private final Properties overrides = new Properties();

        private Builder() {}

        /** Required: the brokers, e.g. {@code localhost:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** Default {@link Topics#OTLP_METRICS}. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /** How long a request may wait for the brokers' acknowledgement. Default 30 s. */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
            return this;
        }

        /** How long a send may wait for buffer space or topic metadata before refusing. Default 2 s. */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
            return this;
        }

        /** What a refused client is told to wait before retrying. Default 5 s. */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** Producer memory for records not yet acknowledged ({@code buffer.memory}). Default 64 MiB. */
        public Builder bufferBytes(long bufferBytes) {
            this.bufferBytes = bufferBytes;
            return this;
        }

        /** Largest record the producer sends ({@code max.request.size}); the receivers' decompressed limit should not exceed it. Default 16 MiB. */
        public Builder maxRecordBytes(int maxRecordBytes) {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        /** Any other producer setting; applied last, so it wins. */
        public Builder producerProperty(String key, String value) {
            overrides.setProperty(key, value);
            return this;
        }

        public KafkaOtlpSink build() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers are required, e.g. localhost:9092");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("a topic is required, e.g. " + Topics.OTLP_METRICS);
            }
            return new KafkaOtlpSink(this);
        }

        Properties producerConfig() {
            long timeoutMs = deliveryTimeout.toMillis();
            long lingerMs = 5;
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "fathom-otlp-receiver");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(lingerMs));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
            // The producer refuses a delivery timeout shorter than linger + request timeout.
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, timeoutMs - lingerMs)));
            config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(bufferBytes));
            config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxRecordBytes));
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            config.putAll(overrides);
            return config;
        }
    }
}
