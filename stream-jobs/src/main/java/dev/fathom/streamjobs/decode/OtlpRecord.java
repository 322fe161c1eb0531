package dev.fathom.streamjobs.decode;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

/**
 * One Kafka record from the OTLP topic, with where it came from so a record that cannot be decoded
 * can be named by its offset.
 *
 * @param timestampMillis the Kafka record's timestamp
 * @param payload the record's bytes as read
 * @param request the payload parsed, once, by the source; null when it is not OTLP (the decoding
 *     step then rejects the record with the parser's message)
 * @param eventTimeMillis the earliest data point time in the record, or the Kafka timestamp when it
 *     has none: the source's watermarks follow it per Kafka partition
 */
public record OtlpRecord(String topic, int partition, long offset, long timestampMillis, byte[] payload,
                         ExportMetricsServiceRequest request, long eventTimeMillis) {

    public OtlpRecord(String topic, int partition, long offset, long timestampMillis, byte[] payload) {
        this(topic, partition, offset, timestampMillis, payload, null, timestampMillis);
    }
}
