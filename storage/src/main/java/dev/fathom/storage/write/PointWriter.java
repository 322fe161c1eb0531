package dev.fathom.storage.write;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes points to the {@code points} table, one INSERT per batch (see {@link TableWriter}); the
 * 1-minute and 1-hour rollups follow through their materialized views.
 *
 * <p>Exactly once: a sink gives each batch a deterministic non-zero id and calls
 * {@link #write(long, Collection)}; after a restore it asks {@link #isBatchWritten(long)} and skips
 * a batch that is already in. The id is counted into {@code sink_batches} by a materialized view in
 * the same INSERT, so the check is a primary-key look-up, not a scan of points.
 */
public final class PointWriter {

    /** points in RowBinary; batch_id 0 means "no batch id". */
    static final class Format implements RowFormat<Point> {
        private final long batchId;

        Format(long batchId) {
            this.batchId = batchId;
        }

        @Override
        public String table() {
            return "points";
        }

        @Override
        public List<String> columns() {
            // host after the labels: it is read on the one pass over them (see write).
            return List.of("metric", "ts", "time_ms", "value", "unit", "series_id", "label_keys", "label_values", "host", "batch_id");
        }

        @Override
        public int estimatedRowBytes() {
            return 256;
        }

        @Override
        public void write(Point p, RowBinaryOutput out) {
            out.string(p.metric())
                    .dateTime(Math.floorDiv(p.timeMillis(), 1000))
                    .int64(p.timeMillis())
                    .float64(p.value())
                    .string(p.unit())
                    .int64(p.seriesId());
            // One pass over the labels for keys, values and host: walking a sorted map is most of
            // a row's encoding time.
            int count = p.labels().size();
            String[] values = new String[count];
            String host = "";
            out.varUInt(count);
            int i = 0;
            for (Map.Entry<String, String> label : p.labels().entrySet()) {
                out.string(label.getKey());
                values[i++] = label.getValue();
                if (label.getKey().equals(AttributeKeys.HOST_NAME)) {
                    host = label.getValue();
                }
            }
            out.varUInt(count);
            for (String value : values) {
                out.string(value);
            }
            out.string(host).int64(batchId);
        }
    }

    /** The points table's RowBinary format with {@code batchId} in every row (0: no batch). */
    public static RowFormat<Point> format(long batchId) {
        return new Format(batchId);
    }

    private final ClickHouseHttp clickhouse;
    private final TableWriter.Retries retries;

    public PointWriter(ClickHouseHttp clickhouse) {
        this(clickhouse, TableWriter.Retries.DEFAULT);
    }

    public PointWriter(ClickHouseHttp clickhouse, TableWriter.Retries retries) {
        this.clickhouse = clickhouse;
        this.retries = retries;
    }

    /** Writes points without a batch id (a retry after a lost answer may write them twice). */
    public void write(Collection<Point> points) {
        new TableWriter<>(clickhouse, new Format(0), retries).write(points);
    }

    /**
     * Writes points as batch {@code batchId} (non-zero) in one INSERT unless that batch is already
     * in; a retry first checks whether the failed try landed. Returns true when this call wrote.
     */
    public boolean write(long batchId, Collection<Point> points) {
        if (batchId == 0) {
            throw new IllegalArgumentException("batch id 0 means \"no batch\"; give the batch a non-zero id");
        }
        if (points.isEmpty() || isBatchWritten(batchId)) {
            return false;
        }
        new TableWriter<>(clickhouse, new Format(batchId), retries).write(points, () -> isBatchWritten(batchId));
        return true;
    }

    /**
     * Writes rows already encoded with {@link #format(long) format(batchId)} as one INSERT. There is
     * no look-up first: the caller asks {@link #isBatchWritten} only where the batch may be in
     * already (a batch restored after a failure); a retry still checks whether the failed try
     * landed. This is the exactly-once sink's path: it encodes rows as they arrive, so a batch
     * waits for its checkpoint as bytes, not objects.
     */
    public void writeEncoded(long batchId, byte[] rowBinary, int rows) {
        if (batchId == 0) {
            throw new IllegalArgumentException("batch id 0 means \"no batch\"; give the batch a non-zero id");
        }
        new TableWriter<>(clickhouse, new Format(batchId), retries).insert(rowBinary, rows, () -> isBatchWritten(batchId));
    }

    /** True when a batch with this id is in {@code points}. */
    public boolean isBatchWritten(long batchId) {
        return writtenRows(batchId) > 0;
    }

    /** How many rows batch {@code batchId} put into {@code points} (0 when none). */
    public long writtenRows(long batchId) {
        return new SinkBatches(clickhouse).writtenRows("points", batchId);
    }
}
