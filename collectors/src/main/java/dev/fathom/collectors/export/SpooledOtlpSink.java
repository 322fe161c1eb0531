package dev.fathom.collectors.export;

import dev.fathom.collectors.receiver.OtlpSink;
import dev.fathom.collectors.receiver.ReceiverCounters;
import dev.fathom.collectors.receiver.SinkRejectedException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.time.Duration;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * The OTLP receivers' sink, for the standalone receiver ({@code fathom otlp-receiver}) and the
 * receivers inside a collector alike: each request becomes one record through
 * {@link KafkaMetricExporter#exportSerialized}, so with a spool it is accepted once it is on disk
 * and survives a broker outage and a restart, replayed in order when the broker is back. A
 * request of one resource is keyed as the collector keys its own ({@link ResourceKey}); a request
 * mixing resources has no key.
 *
 * <p>The spool drops its oldest records when full; a receiver should rather push back, so while the
 * spool holds more than {@code highWater} of its capacity a request is refused: as
 * {@link SinkRejectedException.Kind#UNAVAILABLE} (HTTP 503 / UNAVAILABLE with Retry-After) while
 * Kafka cannot be reached, as {@link SinkRejectedException.Kind#FULL} (HTTP 429 /
 * RESOURCE_EXHAUSTED) while it can but is slower than the senders. A spool that cannot be written
 * is UNAVAILABLE too. A request larger than a Kafka record may be is
 * {@link SinkRejectedException.Kind#TOO_LARGE} (HTTP 413) before anything is written. Without a
 * spool, the answer waits for the broker's acknowledgement and a failure is UNAVAILABLE.
 */
public final class SpooledOtlpSink implements OtlpSink {

    private final KafkaMetricExporter exporter;
    private final double highWater;
    private final Duration retryAfter;

    public SpooledOtlpSink(KafkaMetricExporter exporter, double highWater, Duration retryAfter) {
        if (highWater <= 0 || highWater > 1) {
            throw new IllegalArgumentException("high water must be in (0, 1], was " + highWater);
        }
        this.exporter = exporter;
        this.highWater = highWater;
        this.retryAfter = retryAfter;
    }

    @Override
    public CompletableFuture<Void> send(ExportMetricsServiceRequest request) {
        TransportStats stats = exporter.stats();
        if (stats.spoolCapacityBytes() > 0 && stats.spooledBytes() > highWater * stats.spoolCapacityBytes()) {
            long percent = Math.round(100.0 * stats.spooledBytes() / stats.spoolCapacityBytes());
            return CompletableFuture.failedFuture(stats.brokerReachable()
                    ? new SinkRejectedException(SinkRejectedException.Kind.FULL,
                            "the spool is " + percent + "% full while Kafka catches up", retryAfter, null)
                    : new SinkRejectedException(SinkRejectedException.Kind.UNAVAILABLE,
                            "Kafka topic '" + exporter.topic() + "' at " + exporter.bootstrapServers()
                                    + " cannot be reached and the spool is " + percent + "% full", retryAfter, null));
        }
        byte[] value = request.toByteArray();
        if (value.length > exporter.maxRecordBytes()) {
            return CompletableFuture.failedFuture(new SinkRejectedException(SinkRejectedException.Kind.TOO_LARGE,
                    "the request is " + value.length + " bytes, more than Kafka takes as one record ("
                            + exporter.maxRecordBytes() + " bytes); send smaller batches", null, null));
        }
        byte[] key = request.getResourceMetricsCount() == 1 ? key(request.getResourceMetrics(0)) : null;
        CompletableResultCode written = exporter.exportSerialized(key, value, points(request));
        CompletableFuture<Void> result = new CompletableFuture<>();
        written.whenComplete(() -> {
            if (written.isSuccess()) {
                result.complete(null);
            } else {
                result.completeExceptionally(rejection(written.getFailureThrowable()));
            }
        });
        return result;
    }

    private SinkRejectedException rejection(Throwable cause) {
        if (cause instanceof RecordTooLargeException || cause instanceof IllegalArgumentException) {
            // Kafka's record limit, or a record larger than the spool may hold.
            return new SinkRejectedException(SinkRejectedException.Kind.TOO_LARGE,
                    "the request is larger than the transport takes as one record: " + cause.getMessage()
                            + "; send smaller batches", null, cause);
        }
        if (cause instanceof BufferExhaustedException) {
            return new SinkRejectedException(SinkRejectedException.Kind.FULL,
                    "the Kafka producer's buffer is full (Kafka is slower than the senders)", retryAfter, cause);
        }
        String where = exporter.hasSpool() ? "the spool did not take the request" : "Kafka did not take the request";
        return new SinkRejectedException(SinkRejectedException.Kind.UNAVAILABLE,
                where + " (" + (cause == null ? "no cause reported" : cause.getClass().getSimpleName() + ": "
                        + cause.getMessage()) + ")", retryAfter, cause);
    }

    static int points(ExportMetricsServiceRequest request) {
        return Math.toIntExact(ReceiverCounters.points(request));
    }

    /** The same bytes {@link ResourceKey} gives the SDK resource with these attributes. */
    static byte[] key(ResourceMetrics resource) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (KeyValue attribute : resource.getResource().getAttributesList()) {
            sorted.put(attribute.getKey(), text(attribute.getValue()));
        }
        return ResourceKey.of(sorted);
    }

    private static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> value.toString();
        };
    }
}
