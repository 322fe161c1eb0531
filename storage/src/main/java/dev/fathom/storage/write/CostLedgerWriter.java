package dev.fathom.storage.write;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.Collection;

/**
 * Writes cost ledger rows. The hourly rollup sums rows as they arrive, so a sink replaying after a
 * restore writes with a batch id: {@link #write(long, Collection)} skips a batch already in.
 */
public final class CostLedgerWriter {

    private final ClickHouseHttp clickhouse;
    private final TableWriter.Retries retries;

    public CostLedgerWriter(ClickHouseHttp clickhouse) {
        this(clickhouse, TableWriter.Retries.DEFAULT);
    }

    public CostLedgerWriter(ClickHouseHttp clickhouse, TableWriter.Retries retries) {
        this.clickhouse = clickhouse;
        this.retries = retries;
    }

    /** Writes rows without a batch id: only for one-off loads that are never replayed. */
    public void write(Collection<CostLedgerRow> rows) {
        new TableWriter<>(clickhouse, CostLedgerRow.format(0), retries).write(rows);
    }

    /**
     * Writes rows as batch {@code batchId} (non-zero) unless that batch is already in; returns true
     * when this call wrote them.
     */
    public boolean write(long batchId, Collection<CostLedgerRow> rows) {
        if (batchId == 0) {
            throw new IllegalArgumentException("batch id 0 means \"no batch\"; give the batch a non-zero id");
        }
        SinkBatches batches = new SinkBatches(clickhouse);
        if (rows.isEmpty() || batches.isWritten("cost_ledger", batchId)) {
            return false;
        }
        new TableWriter<>(clickhouse, CostLedgerRow.format(batchId), retries).write(rows, () -> batches.isWritten("cost_ledger", batchId));
        return true;
    }

    /**
     * Writes rows already encoded with {@link CostLedgerRow#format(long) format(batchId)} as one
     * INSERT, without a look-up first (see {@link PointWriter#writeEncoded}).
     */
    public void writeEncoded(long batchId, byte[] rowBinary, int rows) {
        if (batchId == 0) {
            throw new IllegalArgumentException("batch id 0 means \"no batch\"; give the batch a non-zero id");
        }
        SinkBatches batches = new SinkBatches(clickhouse);
        new TableWriter<>(clickhouse, CostLedgerRow.format(batchId), retries)
                .insert(rowBinary, rows, () -> batches.isWritten("cost_ledger", batchId));
    }

    public boolean isBatchWritten(long batchId) {
        return new SinkBatches(clickhouse).isWritten("cost_ledger", batchId);
    }
}
