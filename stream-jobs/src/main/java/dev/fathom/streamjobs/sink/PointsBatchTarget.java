package dev.fathom.streamjobs.sink;

import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import dev.fathom.storage.write.RowFormat;

/**
 * Points under a batch id: storage writes the id into every row and a materialized view counts
 * the batch into {@code sink_batches} in the same INSERT, so rows and marker land together.
 */
public final class PointsBatchTarget implements BatchTarget<Point> {

    @Override
    public boolean isWritten(ClickHouseHttp clickhouse, String batchId) {
        return new PointWriter(clickhouse).isBatchWritten(BatchTarget.numericId(batchId));
    }

    @Override
    public RowFormat<Point> format(String batchId) {
        return PointWriter.format(BatchTarget.numericId(batchId));
    }

    @Override
    public void write(ClickHouseHttp clickhouse, String batchId, byte[] rowBinary, int rows) {
        new PointWriter(clickhouse).writeEncoded(BatchTarget.numericId(batchId), rowBinary, rows);
    }

    @Override
    public String table() {
        return "points";
    }
}
