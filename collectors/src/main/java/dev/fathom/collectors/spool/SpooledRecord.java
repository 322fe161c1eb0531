package dev.fathom.collectors.spool;

/**
 * A Kafka record waiting in the spool.
 *
 * @param sequence its place in the spool, increasing by one per record appended, never reused
 * @param points how many metric points it holds (for counters; 0 when unknown)
 * @param key the Kafka key, or null
 * @param value the Kafka value: a serialized OTLP ExportMetricsServiceRequest
 */
public record SpooledRecord(long sequence, int points, byte[] key, byte[] value) {

    /** Bytes the record takes in a segment file. */
    public int sizeOnDisk() {
        return DiskSpool.HEADER_BYTES + (key == null ? 0 : key.length) + value.length;
    }
}
