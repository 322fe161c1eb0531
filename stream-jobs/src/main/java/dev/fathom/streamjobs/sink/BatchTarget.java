package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where the exactly-once sink commits a batch: a table plus a record of which batch ids it holds.
 * {@link #write} must store the rows in one INSERT (one atomic block in ClickHouse) and remember
 * the batch id, so {@link #isWritten} answers true for it from then on.
 */
public interface BatchTarget<T> extends Serializable {

    /** True when a batch with this id is already in the table. */
    boolean isWritten(ClickHouseHttp clickhouse, String batchId);

    /** Stores the rows and marks the batch id as written; throws if any of it was not stored. */
    void write(ClickHouseHttp clickhouse, String batchId, List<T> rows);

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
