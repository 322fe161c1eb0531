package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.RowFormat;
import dev.fathom.storage.write.TableWriter;

/**
 * A table whose ReplacingMergeTree engine collapses a replayed row into the row it repeats (same
 * sorting key, same version): slo_status and anomalies. No marker is needed; a replay is written
 * again and read back once with {@code FINAL}.
 */
public final class ReplacingTableTarget<T> implements BatchTarget<T> {

    private final FormatSupplier<T> format;

    public ReplacingTableTarget(FormatSupplier<T> format) {
        this.format = format;
    }

    @Override
    public boolean isWritten(ClickHouseHttp clickhouse, String batchId) {
        return false;
    }

    @Override
    public RowFormat<T> format(String batchId) {
        return format.get();
    }

    @Override
    public void write(ClickHouseHttp clickhouse, String batchId, byte[] rowBinary, int rows) {
        new TableWriter<>(clickhouse, format.get()).insert(rowBinary, rows, () -> false);
    }

    @Override
    public String table() {
        return format.get().table();
    }
}
