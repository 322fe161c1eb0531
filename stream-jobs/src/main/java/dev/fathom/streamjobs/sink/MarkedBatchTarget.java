package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import dev.fathom.storage.write.RowFormat;
import dev.fathom.storage.write.TableWriter;

/**
 * A {@link BatchTarget} for a plain MergeTree table without a batch-id column (today only
 * {@code rejected_records}): the rows go in with one INSERT, then the batch id goes into
 * {@code stream_sink_commits}. A JVM crash between the two statements (milliseconds) would write
 * that one batch again on replay. Tables with a batch-id column ({@link PointsBatchTarget},
 * {@link CostLedgerBatchTarget}) have no such window.
 */
public final class MarkedBatchTarget<T> implements BatchTarget<T> {

    static final String COMMITS_TABLE = "stream_sink_commits";

    private final FormatSupplier<T> format;
    private transient boolean commitsTableReady;

    public MarkedBatchTarget(FormatSupplier<T> format) {
        this.format = format;
    }

    @Override
    public RowFormat<T> format(String batchId) {
        return format.get();
    }

    @Override
    public boolean isWritten(ClickHouseHttp clickhouse, String batchId) {
        ensureCommitsTable(clickhouse);
        return clickhouse.queryLong("SELECT count() FROM " + COMMITS_TABLE + " WHERE batch_id = " + Sql.string(batchId)) > 0;
    }

    @Override
    public void write(ClickHouseHttp clickhouse, String batchId, byte[] rowBinary, int rows) {
        ensureCommitsTable(clickhouse);
        new TableWriter<>(clickhouse, format.get()).insert(rowBinary, rows, () -> false);
        clickhouse.execute("INSERT INTO " + COMMITS_TABLE + " (batch_id, target, rows, ts) VALUES ("
                + Sql.string(batchId) + ", " + Sql.string(table()) + ", " + rows + ", now())");
    }

    @Override
    public String table() {
        return format.get().table();
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
