package dev.fathom.streamjobs.sink;

import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import java.util.List;

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
    public void write(ClickHouseHttp clickhouse, String batchId, List<Point> rows) {
        new PointWriter(clickhouse).write(BatchTarget.numericId(batchId), rows);
    }

    @Override
    public String table() {
        return "points";
    }
}
