package dev.fathom.storage.write;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;

/**
 * Which sink batches a table already holds: {@code sink_batches}, kept by materialized views on
 * {@code points} and {@code cost_ledger} (see schema 003 and 016), one primary-key look-up each.
 */
public final class SinkBatches {

    private final ClickHouseHttp clickhouse;

    public SinkBatches(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** How many rows batch {@code batchId} put into {@code table} (0 when none). */
    public long writtenRows(String table, long batchId) {
        return clickhouse.queryLong("SELECT sum(row_count) FROM sink_batches WHERE table_name = " + Sql.string(table)
                + " AND batch_id = " + Long.toUnsignedString(batchId));
    }

    public boolean isWritten(String table, long batchId) {
        return writtenRows(table, batchId) > 0;
    }
}
