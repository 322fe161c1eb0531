package dev.fathom.alerts.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes history to ClickHouse's {@code alert_events} and {@code alert_notifications} tables
 * (storage/src/main/resources/schema/014_alert_history.sql) in batches, once a second and at
 * close. While ClickHouse is down rows wait in memory (up to {@link #MAX_BUFFERED} per table,
 * oldest dropped first with a warning) and go at the next flush that succeeds.
 */
public final class ClickHouseAlertHistory implements AlertHistory {

    static final int MAX_BUFFERED = 100_000;
    private static final Logger log = LoggerFactory.getLogger(ClickHouseAlertHistory.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final ClickHouseHttp clickhouse;
    private final Deque<AlertEvent> events = new ArrayDeque<>();
    private final Deque<NotificationAttempt> attempts = new ArrayDeque<>();
    private final ScheduledExecutorService flusher;

    public ClickHouseAlertHistory(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alerts-history");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void alertEvent(AlertEvent event) {
        add(events, event);
    }

    @Override
    public synchronized void notificationAttempt(NotificationAttempt attempt) {
        add(attempts, attempt);
    }

    private static <T> void add(Deque<T> queue, T row) {
        if (queue.size() >= MAX_BUFFERED) {
            queue.removeFirst();
            log.warn("alert history buffer full (ClickHouse unreachable?): dropped the oldest row");
        }
        queue.addLast(row);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("alert history not written yet, will retry: {}", e.getMessage());
        }
    }

    /** Writes what is buffered; rows stay buffered when ClickHouse refuses them. */
    public void flush() {
        List<AlertEvent> e;
        List<NotificationAttempt> a;
        synchronized (this) {
            e = new ArrayList<>(events);
            a = new ArrayList<>(attempts);
        }
        if (!e.isEmpty()) {
            clickhouse.insertJsonEachRow("alert_events", eventRows(e));
            synchronized (this) {
                for (int i = 0; i < e.size(); i++) {
                    events.pollFirst();
                }
            }
        }
        if (!a.isEmpty()) {
            clickhouse.insertJsonEachRow("alert_notifications", attemptRows(a));
            synchronized (this) {
                for (int i = 0; i < a.size(); i++) {
                    attempts.pollFirst();
                }
            }
        }
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }

    public static byte[] eventRows(List<AlertEvent> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (AlertEvent r : rows) {
                json.writeStartObject();
                json.writeNumberField("ts", r.ts().getEpochSecond());
                json.writeStringField("fingerprint", r.alert().fingerprint());
                json.writeStringField("alertname", r.alert().label("alertname"));
                json.writeStringField("status", r.status());
                json.writeStringField("severity", r.alert().label("severity"));
                json.writeStringField("source", r.alert().label("source"));
                json.writeNumberField("starts_at", r.alert().startsAt().getEpochSecond());
                json.writeNumberField("ends_at", r.alert().endsAt() == null ? 0 : r.alert().endsAt().getEpochSecond());
                arrays(json, "label_keys", "label_values", r.alert().labels());
                arrays(json, "annotation_keys", "annotation_values", r.alert().annotations());
                json.writeStringField("group_key", r.groupKey());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] attemptRows(List<NotificationAttempt> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            for (NotificationAttempt r : rows) {
                json.writeStartObject();
                json.writeNumberField("ts", r.ts().getEpochSecond());
                json.writeStringField("group_key", r.groupKey());
                json.writeStringField("receiver", r.receiver());
                json.writeStringField("integration", r.integration());
                json.writeStringField("status", r.status());
                json.writeNumberField("attempt", Math.min(r.attempt(), 65535));
                json.writeNumberField("http_status", r.httpStatus());
                json.writeStringField("dedup_key", r.dedupKey());
                json.writeNumberField("alert_count", r.alertCount());
                json.writeNumberField("firing", r.firing() ? 1 : 0);
                json.writeStringField("error", r.error());
                json.writeEndObject();
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void arrays(JsonGenerator json, String keysField, String valuesField, Map<String, String> map) throws IOException {
        json.writeArrayFieldStart(keysField);
        for (String k : map.keySet()) {
            json.writeString(k);
        }
        json.writeEndArray();
        json.writeArrayFieldStart(valuesField);
        for (String v : map.values()) {
            json.writeString(v);
        }
        json.writeEndArray();
    }

}
