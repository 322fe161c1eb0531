package dev.fathom.storage.write;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows of one table, one INSERT (one HTTP request in RowBinary) per batch. ClickHouse takes
 * a whole INSERT or none of it, and {@code max_insert_block_size} is raised to the batch size so
 * the server does not cut it into blocks. A retryable failure (server unreachable, overloaded) is
 * retried with exponential backoff and jitter (Failsafe); after the last try the error goes to the
 * caller, who still holds the batch.
 *
 * <p>One case a plain retry cannot tell apart: the server wrote the batch but the answer was lost.
 * Callers that must not write twice pass an {@code alreadyWritten} check (the points writer looks
 * its batch id up in {@code sink_batches}); tables with a ReplacingMergeTree engine collapse the
 * repeat on their own.
 */
public final class TableWriter<T> {

    private static final Logger log = LoggerFactory.getLogger(TableWriter.class);
    /** Bytes encoded before they are handed to the request: big enough to amortise, small enough to overlap. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final ClickHouseHttp clickhouse;
    private final RowFormat<T> format;
    private final Retries retries;

    public TableWriter(ClickHouseHttp clickhouse, RowFormat<T> format) {
        this(clickhouse, format, Retries.DEFAULT);
    }

    public TableWriter(ClickHouseHttp clickhouse, RowFormat<T> format, Retries retries) {
        this.clickhouse = clickhouse;
        this.format = format;
        this.retries = retries;
    }

    /** How often and how patiently to retry. */
    public record Retries(int maxAttempts, Duration firstDelay, Duration maxDelay) {
        public static final Retries DEFAULT = new Retries(5, Duration.ofMillis(200), Duration.ofSeconds(5));
        public static final Retries NONE = new Retries(1, Duration.ofMillis(1), Duration.ofMillis(2));
    }

    public RowFormat<T> format() {
        return format;
    }

    /** Writes the rows as one INSERT; nothing is written for an empty batch. */
    public void write(Collection<T> rows) {
        write(rows, () -> false);
    }

    /**
     * Writes the rows as one INSERT; before each retry {@code alreadyWritten} is asked whether the
     * failed try landed after all, and if so nothing more is sent. The rows are encoded while the
     * request is being sent (see {@link ClickHouseHttp#insertStreaming}); a row that cannot be
     * encoded breaks the request off, so none of the batch is written.
     */
    public void write(Collection<T> rows, BooleanSupplier alreadyWritten) {
        if (rows.isEmpty()) {
            return;
        }
        run(rows.size(), alreadyWritten,
                settings -> clickhouse.insertStreaming(format.table(), format.columns(), "RowBinary", out -> encodeTo(rows, out), settings));
    }

    /** The RowBinary bytes of the rows, in {@link RowFormat#columns()} order. */
    public byte[] encode(Collection<T> rows) {
        RowBinaryOutput out = new RowBinaryOutput(rows.size() * format.estimatedRowBytes());
        for (T row : rows) {
            format.write(row, out);
        }
        return out.toByteArray();
    }

    private void encodeTo(Collection<T> rows, OutputStream out) throws IOException {
        RowBinaryOutput chunk = new RowBinaryOutput(CHUNK_BYTES + 64 * 1024);
        for (T row : rows) {
            format.write(row, chunk);
            if (chunk.size() >= CHUNK_BYTES) {
                chunk.drainTo(out);
            }
        }
        chunk.drainTo(out);
    }

    /** Sends already encoded rows as one INSERT, with the retries above. */
    public void insert(byte[] body, int rowCount, BooleanSupplier alreadyWritten) {
        run(rowCount, alreadyWritten, settings -> clickhouse.insert(format.table(), format.columns(), "RowBinary", body, settings));
    }

    private void run(int rowCount, BooleanSupplier alreadyWritten, Consumer<Map<String, String>> insert) {
        RetryPolicy<Object> policy = RetryPolicy.builder()
                .handleIf(e -> e instanceof ClickHouseException c && c.isRetryable())
                .withMaxAttempts(retries.maxAttempts())
                .withBackoff(retries.firstDelay(), retries.maxDelay())
                .withJitter(0.25)
                .onRetry(e -> log.warn("insert of {} rows into {} failed (try {}), retrying: {}",
                        rowCount, format.table(), e.getAttemptCount(), e.getLastException().getMessage()))
                .build();
        Map<String, String> settings = Map.of("max_insert_block_size", Long.toString(Math.max(rowCount, 1_048_576)));
        try {
            Failsafe.with(policy).run(ctx -> {
                if (ctx.getAttemptCount() > 0 && alreadyWritten.getAsBoolean()) {
                    log.info("insert of {} rows into {} landed despite the error; not sent again", rowCount, format.table());
                    return;
                }
                insert.accept(settings);
            });
        } catch (FailsafeException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
