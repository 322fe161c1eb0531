package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.RowFormat;
import dev.fathom.storage.write.TableWriter;
import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;

/**
 * A table whose ReplacingMergeTree engine collapses a replayed row into the row it repeats (same
 * sorting key, same version): slo_status and anomalies. No marker is needed; a replay is written
 * again and read back once with {@code FINAL}.
 */
public final class ReplacingTableTarget<T> implements BatchTarget<T> {

    /** A serializable way to reach a storage row format (the formats themselves are not). */
    public interface FormatSupplier<T> extends Supplier<RowFormat<T>>, Serializable {}

    private final FormatSupplier<T> format;

    public ReplacingTableTarget(FormatSupplier<T> format) {
        this.format = format;
    }

    @Override
    public boolean isWritten(ClickHouseHttp clickhouse, String batchId) {
        return false;
    }

    @Override
    public void write(ClickHouseHttp clickhouse, String batchId, List<T> rows) {
        new TableWriter<>(clickhouse, format.get()).write(rows);
    }

    @Override
    public String table() {
        return format.get().table();
    }
}
