package dev.fathom.storage.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/** Writes rows to {@code rejected_records}: input that could not be decoded, and where it was. */
public final class RejectedRecordWriter {

    /** One rejected input record. */
    public record RejectedRecord(long timeMillis, String topic, int partition, long offset, int sizeBytes, String error) {}

    private static final JsonFactory JSON = new JsonFactory();
    private final ClickHouseHttp clickhouse;

    public RejectedRecordWriter(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    public void write(Collection<RejectedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (RejectedRecord r : records) {
                json.writeStartObject();
                json.writeNumberField("ts", r.timeMillis() / 1000);
                json.writeStringField("topic", r.topic());
                json.writeNumberField("kafka_partition", r.partition());
                json.writeNumberField("kafka_offset", r.offset());
                json.writeNumberField("size_bytes", r.sizeBytes());
                json.writeStringField("error", r.error());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clickhouse.insertJsonEachRow("rejected_records", out.toByteArray());
    }
}
