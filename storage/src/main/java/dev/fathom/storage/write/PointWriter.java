package dev.fathom.storage.write;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes points to the {@code points} table, one INSERT per batch. A batch is one HTTP request,
 * so ClickHouse takes all of it or none; a retryable failure is retried with backoff before the
 * error goes to the caller, who still holds the batch.
 */
public final class PointWriter {

    private static final Logger log = LoggerFactory.getLogger(PointWriter.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final int ATTEMPTS = 5;

    private final ClickHouseHttp clickhouse;

    public PointWriter(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    public void write(Collection<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        byte[] rows = toJsonEachRow(points);
        long backoffMillis = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                clickhouse.insertJsonEachRow("points", rows);
                return;
            } catch (ClickHouseException e) {
                if (!e.isRetryable() || attempt == ATTEMPTS) {
                    throw e;
                }
                log.warn("insert of {} points failed (attempt {}/{}), retrying in {} ms: {}",
                        points.size(), attempt, ATTEMPTS, backoffMillis, e.getMessage());
                sleep(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    static byte[] toJsonEachRow(Collection<Point> points) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(points.size() * 200);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (Point p : points) {
                json.writeStartObject();
                json.writeStringField("metric", p.metric());
                json.writeNumberField("ts", p.timeMillis() / 1000);
                json.writeNumberField("time_ms", p.timeMillis());
                json.writeNumberField("value", p.value());
                json.writeStringField("unit", p.unit());
                json.writeStringField("host", p.label(AttributeKeys.HOST_NAME));
                // UInt64 as an unsigned decimal string keeps the full 64 bits.
                json.writeStringField("series_id", Long.toUnsignedString(p.seriesId()));
                json.writeArrayFieldStart("label_keys");
                for (String key : p.labels().keySet()) {
                    json.writeString(key);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("label_values");
                for (Map.Entry<String, String> label : p.labels().entrySet()) {
                    json.writeString(label.getValue());
                }
                json.writeEndArray();
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseException.failed("interrupted while retrying an insert", e);
        }
    }
}
