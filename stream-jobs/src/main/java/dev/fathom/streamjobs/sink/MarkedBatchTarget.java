package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link BatchTarget} for a plain MergeTree table without a batch-id column (today only
 * {@code rejected_records}): the rows go in with one INSERT, then the batch id goes into
 * {@code stream_sink_commits}. A JVM crash between the two statements (milliseconds) would write
 * that one batch again on replay. Tables with a batch-id column ({@link PointsBatchTarget},
 * {@link CostLedgerBatchTarget}) have no such window.
 */
public final class MarkedBatchTarget<T> implements BatchTarget<T> {

    static final String COMMITS_TABLE = "stream_sink_commits";

    private final String table;
    private final RowWriter<T> writer;
    private transient boolean commitsTableReady;

    /** Writes one batch to its table in one INSERT; must throw if any of it was not stored. */
    @FunctionalInterface
    public interface RowWriter<T> extends java.io.Serializable {
        void write(ClickHouseHttp clickhouse, List<T> batch);
    }

    public MarkedBatchTarget(String table, RowWriter<T> writer) {
        this.table = table;
        this.writer = writer;
    }

    @Override
    public boolean isWritten(ClickHouseHttp clickhouse, String batchId) {
        ensureCommitsTable(clickhouse);
        return clickhouse.queryLong("SELECT count() FROM " + COMMITS_TABLE + " WHERE batch_id = " + Sql.string(batchId)) > 0;
    }

    @Override
    public void write(ClickHouseHttp clickhouse, String batchId, List<T> rows) {
        ensureCommitsTable(clickhouse);
        writer.write(clickhouse, rows);
        clickhouse.execute("INSERT INTO " + COMMITS_TABLE + " (batch_id, target, rows, ts) VALUES ("
                + Sql.string(batchId) + ", " + Sql.string(table) + ", " + rows.size() + ", now())");
    }

    @Override
    public String table() {
        return table;
    }

    private void ensureCommitsTable(ClickHouseHttp clickhouse) {
        if (!commitsTableReady) {
            clickhouse.execute(commitsTableDdl());
            commitsTableReady = true;
        }
    }

    static String commitsTableDdl() {
        try (InputStream in = MarkedBatchTarget.class.getResourceAsStream(COMMITS_TABLE + ".sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll(";\\s*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
