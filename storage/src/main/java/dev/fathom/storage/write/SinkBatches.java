package dev.fathom.storage.write;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.util.Set;

/**
 * Which sink batches a table already holds: {@code sink_batches}, kept by materialized views on
 * {@code points} and {@code cost_ledger} (see schema 003 and 016), one primary-key look-up each.
 *
 * <p>The marker is not enough on its own: ClickHouse commits an INSERT's part in the table before
 * the parts of its views, so a server killed in between leaves the rows without their marker
 * (found by the fault suite: ClickHouse SIGKILLed mid-commit, the batch written twice). So when
 * there is no marker, the table itself is asked (a scan of its {@code batch_id} column, only on a
 * restore or a retry); rows found there get their marker written, and count as written.
 */
public final class SinkBatches {

    /** Tables with a {@code batch_id} column whose batches are counted into sink_batches. */
    private static final Set<String> TABLES = Set.of("points", "cost_ledger");

    private final ClickHouseHttp clickhouse;

    public SinkBatches(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** How many rows batch {@code batchId} put into {@code table} (0 when none). */
    public long writtenRows(String table, long batchId) {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("no batch ids are kept for table " + table + "; known: " + TABLES);
        }
        String id = Long.toUnsignedString(batchId);
        long marked = clickhouse.queryLong("SELECT sum(row_count) FROM sink_batches WHERE table_name = " + Sql.string(table)
                + " AND batch_id = " + id);
        if (marked > 0) {
            return marked;
        }
        long rows = clickhouse.queryLong("SELECT count() FROM " + table + " WHERE batch_id = " + id);
        if (rows > 0) {
            clickhouse.execute("INSERT INTO sink_batches (table_name, batch_id, written_at, row_count) VALUES ("
                    + Sql.string(table) + ", " + id + ", now(), " + rows + ")");
        }
        return rows;
    }

    public boolean isWritten(String table, long batchId) {
        return writtenRows(table, batchId) > 0;
    }
}
