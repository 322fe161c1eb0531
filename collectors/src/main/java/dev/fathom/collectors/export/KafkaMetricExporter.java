package dev.fathom.collectors.export;

import dev.fathom.collectors.spool.DiskSpool;
import dev.fathom.collectors.spool.SpoolForwarder;
import dev.fathom.model.Topics;
import dev.fathom.model.kafka.KafkaClientProperties;
import io.opentelemetry.exporter.internal.otlp.metrics.LowAllocationMetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes metrics to Kafka as the OpenTelemetry Collector's Kafka exporter does with encoding
 * {@code otlp_proto}: one record per resource per export, whose value is a serialized OTLP
 * {@code ExportMetricsServiceRequest} and whose key is a stable hash of the resource attributes
 * (see {@link ResourceKey}). Sums are cumulative.
 *
 * <p>The producer is idempotent with {@code acks=all} and lz4 compression.
 *
 * <p>Without a spool, {@link #export} completes when the broker has acknowledged every record, or
 * fails with a {@link KafkaDeliveryException} (also logged as one line) once the delivery timeout
 * has passed; those points are dropped and counted. With a spool ({@link Builder#spool}), every
 * record is first appended to the {@link DiskSpool} and {@link #export} succeeds once it is there;
 * a {@link SpoolForwarder} thread sends the spool to Kafka in order and keeps records through a
 * broker outage and a restart.
 *
 * <p>Other parts of Fathom that already hold OTLP bytes (the OTLP receivers) write through
 * {@link #exportSerialized}, so their data takes the same path.
 */
public final class KafkaMetricExporter implements MetricExporter {

    private static final Logger log = LoggerFactory.getLogger(KafkaMetricExporter.class);

    private final Producer<byte[], byte[]> producer;
    private final DiskSpool spool;
    private final SpoolForwarder forwarder;
    private final AtomicLong recordsAccepted = new AtomicLong();
    private final AtomicLong pointsAccepted = new AtomicLong();
    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong pointsSent = new AtomicLong();
    private final AtomicLong recordsDropped = new AtomicLong();
    private final AtomicLong pointsDropped = new AtomicLong();
    private volatile boolean lastSendFailed;
    private final String bootstrapServers;
    private final int maxRecordBytes;
    private final String topic;
    private final Duration deliveryTimeout;
    private final KafkaClientProperties kafkaConfig;
    private final AtomicBoolean shutdown = new AtomicBoolean();
    private final Map<Resource, byte[]> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private final LowAllocationMetricsRequestMarshaler marshaler = new LowAllocationMetricsRequestMarshaler();

    private KafkaMetricExporter(Builder builder) {
        this.bootstrapServers = builder.bootstrapServers;
        this.maxRecordBytes = Integer.parseInt(builder.producerConfig().getProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(1024 * 1024)).strip());
        this.topic = builder.topic;
        this.deliveryTimeout = builder.deliveryTimeout;
        this.kafkaConfig = builder.kafkaConfig;
        if (builder.spoolDirectory != null) {
            try {
                this.spool = DiskSpool.open(builder.spoolDirectory, builder.spoolMaxBytes, builder.spoolFsync);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the spool in " + builder.spoolDirectory + ": " + e.getMessage(), e);
            }
            this.forwarder = new SpoolForwarder(spool, topic, builder.producerConfig(), deliveryTimeout,
                    builder.spoolDirectory.toAbsolutePath().toString(), kafkaConfig).start();
            this.producer = null;
        } else {
            this.spool = null;
            this.forwarder = null;
            this.producer = new KafkaProducer<>(builder.producerConfig());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public String topic() {
        return topic;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether records go through a disk spool. */
    public boolean hasSpool() {
        return spool != null;
    }

    /** The largest record the producer sends ({@code max.request.size}); larger ones are refused. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
        if (shutdown.get()) {
            return CompletableResultCode.ofExceptionalFailure(
                    new IllegalStateException("exporter to Kafka topic '" + topic + "' is shut down"));
        }
        Map<Resource, List<MetricData>> byResource = new LinkedHashMap<>();
        for (MetricData metric : metrics) {
            byResource.computeIfAbsent(metric.getResource(), r -> new ArrayList<>()).add(metric);
        }
        if (spool != null) {
            CompletableResultCode result = CompletableResultCode.ofSuccess();
            for (Map.Entry<Resource, List<MetricData>> resource : byResource.entrySet()) {
                CompletableResultCode appended = exportSerialized(keyOf(resource.getKey()),
                        serializeReusing(resource.getValue()), countPoints(resource.getValue()));
                if (!appended.isSuccess()) {
                    result = appended;
                }
            }
            return result;
        }

        List<CompletableResultCode> sends = new ArrayList<>(byResource.size());
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        for (Map.Entry<Resource, List<MetricData>> resource : byResource.entrySet()) {
            CompletableResultCode sent = new CompletableResultCode();
            sends.add(sent);
            int points = countPoints(resource.getValue());
            recordsAccepted.incrementAndGet();
            pointsAccepted.addAndGet(points);
            try {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        topic, keyOf(resource.getKey()), serializeReusing(resource.getValue()));
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        recordsSent.incrementAndGet();
                        pointsSent.addAndGet(points);
                        lastSendFailed = false;
                        sent.succeed();
                    } else {
                        recordsDropped.incrementAndGet();
                        pointsDropped.addAndGet(points);
                        lastSendFailed = true;
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, error);
                        sent.fail();
                    }
                });
            } catch (RuntimeException e) {
                // send() throws rather than calling back when the producer is closed or misconfigured.
                recordsDropped.incrementAndGet();
                pointsDropped.addAndGet(points);
                lastSendFailed = true;
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e);
                sent.fail();
            }
        }

        CompletableResultCode all = CompletableResultCode.ofAll(sends);
        CompletableResultCode result = new CompletableResultCode();
        all.whenComplete(() -> {
            if (all.isSuccess()) {
                result.succeed();
                return;
            }
            Exception cause = firstFailure.get();
            String hint = kafkaConfig.hintFor(cause);
            KafkaDeliveryException failure = new KafkaDeliveryException(String.format(
                    "Could not deliver %d of %d metric records to Kafka topic '%s' at %s (%s). "
                            + (hint != null ? hint.replace("%", "%%") + ". " : "")
                            + "Check that the broker at %s is running and reachable from this host and that "
                            + "topic '%s' exists; the points of this interval are dropped "
                            + "(each export waits up to %d ms for the broker).",
                    failed.get(), sends.size(), topic, bootstrapServers,
                    cause == null ? "no cause reported" : cause.getClass().getSimpleName() + ": " + cause.getMessage(),
                    bootstrapServers, topic, deliveryTimeout.toMillis()), cause);
            log.warn(failure.getMessage());
            result.failExceptionally(failure);
        });
        return result;
    }

    /**
     * Writes one already serialized OTLP {@code ExportMetricsServiceRequest} to the topic, through
     * the spool when there is one. With a spool the result succeeds once the record is on disk
     * (the spool drops its oldest records when full, never the new one); without, once the broker
     * has acknowledged it.
     *
     * @param key the Kafka key (e.g. a hash of the resource attributes), or null
     * @param points how many points the request holds, for the counters (0 when unknown)
     */
    public CompletableResultCode exportSerialized(byte[] key, byte[] request, int points) {
        if (shutdown.get()) {
            return CompletableResultCode.ofExceptionalFailure(
                    new IllegalStateException("exporter to Kafka topic '" + topic + "' is shut down"));
        }
        recordsAccepted.incrementAndGet();
        pointsAccepted.addAndGet(points);
        if (spool != null) {
            try {
                spool.append(key, request, points);
                return CompletableResultCode.ofSuccess();
            } catch (IOException | RuntimeException e) {
                recordsDropped.incrementAndGet();
                pointsDropped.addAndGet(points);
                log.warn("Cannot append a record to the spool {}: {}", spool.directory(), e.toString());
                return CompletableResultCode.ofExceptionalFailure(e);
            }
        }
        CompletableResultCode result = new CompletableResultCode();
        try {
            producer.send(new ProducerRecord<>(topic, key, request), (metadata, error) -> {
                if (error == null) {
                    recordsSent.incrementAndGet();
                    pointsSent.addAndGet(points);
                    lastSendFailed = false;
                    result.succeed();
                } else {
                    recordsDropped.incrementAndGet();
                    pointsDropped.addAndGet(points);
                    lastSendFailed = true;
                    result.failExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            recordsDropped.incrementAndGet();
            pointsDropped.addAndGet(points);
            lastSendFailed = true;
            result.failExceptionally(e);
        }
        return result;
    }

    /** What the transport did so far and holds now. */
    public TransportStats stats() {
        if (spool != null) {
            return new TransportStats(recordsAccepted.get(), pointsAccepted.get(), forwarder.recordsSent(),
                    forwarder.pointsSent(), recordsDropped.get() + spool.droppedRecords() + forwarder.recordsDropped(),
                    pointsDropped.get() + spool.droppedPoints() + forwarder.pointsDropped(), spool.pendingRecords(), spool.totalBytes(),
                    spool.maxBytes(), forwarder.brokerReachable());
        }
        return new TransportStats(recordsAccepted.get(), pointsAccepted.get(), recordsSent.get(), pointsSent.get(),
                recordsDropped.get(), pointsDropped.get(), 0, 0, 0, !lastSendFailed);
    }

    /** A host's key is the same every interval: hashed once. */
    private byte[] keyOf(Resource resource) {
        byte[] key = keys.get(resource);
        if (key == null) {
            if (keys.size() > 10_000) {
                keys.clear();
            }
            key = ResourceKey.of(resource);
            keys.put(resource, key);
        }
        return key;
    }

    static int countPoints(Collection<MetricData> metrics) {
        int points = 0;
        for (MetricData metric : metrics) {
            points += metric.getData().getPoints().size();
        }
        return points;
    }

    /** The exact bytes an OTLP exporter would send: a serialized ExportMetricsServiceRequest. */
    static byte[] serialize(Collection<MetricData> metrics) {
        MetricsRequestMarshaler request = MetricsRequestMarshaler.create(metrics);
        ByteArrayOutputStream out = new ByteArrayOutputStream(request.getBinarySerializedSize());
        try {
            request.writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
        }
        return out.toByteArray();
    }

    /**
     * The same bytes as {@link #serialize}, written by the SDK's low-allocation marshaler, which
     * is reused from one interval to the next (the OTLP exporters' REUSABLE_DATA path).
     */
    private byte[] serializeReusing(Collection<MetricData> metrics) {
        synchronized (marshaler) {
            try {
                marshaler.initialize(metrics);
                ByteArrayOutputStream out = new ByteArrayOutputStream(marshaler.getBinarySerializedSize());
                marshaler.writeBinaryTo(out);
                return out.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException("a ByteArrayOutputStream does not fail", e);
            } finally {
                marshaler.reset();
            }
        }
    }

    /** Waits until every record sent so far is acknowledged or has failed. */
    @Override
    public CompletableResultCode flush() {
        if (!shutdown.get() && producer != null) {
            producer.flush();
        }
        return CompletableResultCode.ofSuccess();
    }

    /** Delivers what is in flight, then closes the producer. */
    @Override
    public CompletableResultCode shutdown() {
        if (shutdown.compareAndSet(false, true)) {
            if (spool != null) {
                forwarder.close(deliveryTimeout);
                spool.close();
            } else {
                producer.flush();
                producer.close(deliveryTimeout);
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public String toString() {
        return "KafkaMetricExporter{topic=" + topic + ", bootstrapServers=" + bootstrapServers
                + (spool != null ? ", spool=" + spool.directory() + " (" + spool.maxBytes() + " bytes)" : "") + "}";
    }

    public static final class Builder {
        private String bootstrapServers;
        private String topic;
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private final Properties overrides = new Properties();
        private Path spoolDirectory;
        private long spoolMaxBytes = 256L * 1024 * 1024;
        private boolean spoolFsync;
        private KafkaClientProperties kafkaConfig = KafkaClientProperties.none();

        private Builder() {}

        /**
         * The Kafka client properties file's settings (security: TLS, SASL; tuning), merged under
         * the producer's own; it may not change acks, idempotence or the serializers. Default none.
         */
        public Builder kafkaConfig(KafkaClientProperties kafkaConfig) {
            this.kafkaConfig = kafkaConfig;
            return this;
        }

        /** Required: the brokers, e.g. {@code localhost:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        /** Required: usually {@link Topics#OTLP_METRICS}. */
        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        /**
         * How long an export may wait for the broker, both for metadata ({@code max.block.ms})
         * and for acknowledgement ({@code delivery.timeout.ms}). Default 30 seconds.
         */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            if (deliveryTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("delivery timeout must be at least 100 ms, was " + deliveryTimeout);
            }
            this.deliveryTimeout = deliveryTimeout;
            return this;
        }

        /**
         * Keeps records in a bounded spool in {@code directory} until Kafka has them (see
         * {@link DiskSpool}); without one, points of an interval Kafka does not take are dropped.
         *
         * @param maxBytes the spool's size limit; the oldest records go when it is full
         */
        public Builder spool(Path directory, long maxBytes) {
            if (maxBytes < 64 * 1024) {
                throw new IllegalArgumentException("spool size must be at least 64 KiB, was " + maxBytes + " bytes");
            }
            this.spoolDirectory = directory;
            this.spoolMaxBytes = maxBytes;
            return this;
        }

        /** Forces every spool append to the device (survives power loss; slower). Default false. */
        public Builder spoolFsync(boolean fsync) {
            this.spoolFsync = fsync;
            return this;
        }

        /** Any other producer setting (security, buffer sizes); applied last, so it wins. */
        public Builder producerProperty(String key, String value) {
            overrides.setProperty(key, value);
            return this;
        }

        /** Checks the settings without connecting; {@link #build()} does the same. */
        public Builder validate() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrap servers are required, e.g. localhost:9092");
            }
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("a topic is required, e.g. " + Topics.OTLP_METRICS);
            }
            return this;
        }

        public KafkaMetricExporter build() {
            validate();
            return new KafkaMetricExporter(this);
        }

        Properties producerConfig() {
            long timeoutMs = deliveryTimeout.toMillis();
            long lingerMs = 5;
            Properties config = new Properties();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "fathom-collector");
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            config.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(lingerMs));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeoutMs));
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeoutMs));
            // The producer refuses a delivery timeout shorter than linger + request timeout.
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, timeoutMs - lingerMs)));
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            kafkaConfig.applyTo(config, "the collector's producer");
            config.putAll(overrides);
            return config;
        }
    }
}
