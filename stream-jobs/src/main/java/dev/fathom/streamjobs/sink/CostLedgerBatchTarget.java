package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerWriter;
import dev.fathom.storage.write.RowFormat;

/**
 * Cost ledger rows under a batch id (marker kept by storage's materialized view in the same
 * INSERT), so the hourly rollup, which sums what arrives, never counts a replayed batch twice.
 */
public final class CostLedgerBatchTarget implements BatchTarget<CostLedgerRow> {

    @Override
    public boolean isWritten(ClickHouseHttp clickhouse, String batchId) {
        return new CostLedgerWriter(clickhouse).isBatchWritten(BatchTarget.numericId(batchId));
    }

    @Override
    public RowFormat<CostLedgerRow> format(String batchId) {
        return CostLedgerRow.format(BatchTarget.numericId(batchId));
    }

    @Override
    public void write(ClickHouseHttp clickhouse, String batchId, byte[] rowBinary, int rows) {
        new CostLedgerWriter(clickhouse).writeEncoded(BatchTarget.numericId(batchId), rowBinary, rows);
    }

    @Override
    public String table() {
        return "cost_ledger";
    }
}
