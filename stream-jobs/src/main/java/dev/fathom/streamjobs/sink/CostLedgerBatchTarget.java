package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.CostLedgerWriter;
import java.util.List;

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
    public void write(ClickHouseHttp clickhouse, String batchId, List<CostLedgerRow> rows) {
        new CostLedgerWriter(clickhouse).write(BatchTarget.numericId(batchId), rows);
    }

    @Override
    public String table() {
        return "cost_ledger";
    }
}
