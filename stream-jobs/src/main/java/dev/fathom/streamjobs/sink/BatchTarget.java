package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.RowFormat;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Where the exactly-once sink commits a batch: a table plus a record of which batch ids it holds.
 * The sink encodes each row with {@link #format} as it arrives (RowBinary, the batch id in every row
 * where the table keeps one); {@link #write} must store those bytes in one INSERT (one atomic block
 * in ClickHouse) and remember the batch id, so {@link #isWritten} answers true for it from then on.
 */
public interface BatchTarget<T> extends Serializable {

    /** A serializable way to reach a storage row format (the formats themselves are not). */
    interface FormatSupplier<T> extends Supplier<RowFormat<T>>, Serializable {}

    /** True when a batch with this id is already in the table. */
    boolean isWritten(ClickHouseHttp clickhouse, String batchId);

    /** How the rows of batch {@code batchId} are encoded. */
    RowFormat<T> format(String batchId);

    /**
     * Stores rows encoded with {@link #format(String) format(batchId)} and marks the batch id as
     * written; throws if any of it was not stored. The sink has asked {@link #isWritten} first
     * where the batch may be in already.
     */
    void write(ClickHouseHttp clickhouse, String batchId, byte[] rowBinary, int rows);

    /** The table the rows go to, for logs. */
    String table();

    /**
     * The 64-bit id storage keeps for a batch id ({@code sink_batches.batch_id}): FNV-1a over its
     * text, never 0 (0 means "no batch" there).
     */
    static long numericId(String batchId) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : batchId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }
}
