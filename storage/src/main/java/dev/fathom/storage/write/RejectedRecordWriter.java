package dev.fathom.storage.write;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.Collection;
import java.util.List;

/** Writes rows to {@code rejected_records}: input that could not be decoded, and where it was. */
public final class RejectedRecordWriter {

    /** One rejected input record. */
    public record RejectedRecord(long timeMillis, String topic, int partition, long offset, int sizeBytes, String error) {}

    public static final RowFormat<RejectedRecord> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "rejected_records";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "topic", "kafka_partition", "kafka_offset", "size_bytes", "error");
        }

        @Override
        public void write(RejectedRecord r, RowBinaryOutput out) {
            out.dateTime(Math.floorDiv(r.timeMillis(), 1000)).string(r.topic()).uint32(r.partition()).int64(r.offset())
                    .uint32(r.sizeBytes()).string(r.error());
        }
    };

    private final TableWriter<RejectedRecord> writer;

    public RejectedRecordWriter(ClickHouseHttp clickhouse) {
        this.writer = new TableWriter<>(clickhouse, FORMAT);
    }

    public void write(Collection<RejectedRecord> records) {
        writer.write(records);
    }
}
