package dev.fathom.streamjobs.decode;

/**
 * One Kafka record from the OTLP topic, undecoded, with where it came from so a record that cannot
 * be decoded can be named by its offset.
 */
public record OtlpRecord(String topic, int partition, long offset, long timestampMillis, byte[] payload) {}
