package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.RowBinaryOutput;
import dev.fathom.storage.write.RowFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once writes to ClickHouse, as a write-ahead log in Flink's checkpoints (the two-phase
 * pattern of Flink's own write-ahead sinks):
 * <ol>
 *   <li>each arriving row is encoded at once into ClickHouse's RowBinary, the bytes of the INSERT
 *       it will go in (a part holds at most {@code maxRowsPerInsert} rows);</li>
 *   <li>at a checkpoint the parts encoded since the previous one become pending and are stored in
 *       the checkpoint itself (pre-commit);</li>
 *   <li>once that checkpoint is complete everywhere, each pending part is sent as it is, under its
 *       deterministic id {@code <sink>/<job id>/s<subtask>/a<checkpoint>/p<part>}, where
 *       {@code a<checkpoint>} names the checkpoint the rows came after (0 before the first).</li>
 * </ol>
 * After a failure the job restores the pending parts of the last complete checkpoint {@code k}
 * and commits them, skipping those already written; the source replays from {@code k}'s offsets
 * into new parts named {@code a<k>}. No part of that name can have been written before: it would
 * have become pending at a checkpoint after {@code k}, and been committed only once that checkpoint
 * completed, in which case the job would have restored from it, not from {@code k}. So only
 * restored parts are looked up before they are written. The job id keeps ids unique across
 * deployments; a restored job keeps the ids its restored parts were given.
 *
 * <p>Rows wait for their checkpoint as bytes (about a fifth of the heap of the row objects) and
 * are encoded once: the checkpoint stores the INSERT bodies and the commit sends them unchanged.
 * The price is latency (rows reach ClickHouse one checkpoint later).
 *
 * <p>Each part is written by a committer thread that a cancelled task does not interrupt, so the
 * rows and their batch marker always go in together (a task cancelled mid-commit would otherwise
 * leave rows without a marker, and the restored job would write them again); the task waits for
 * the part in flight in {@link #close()}. Only a crash of the JVM between the two statements can
 * still write one part twice; see {@link MarkedBatchTarget}.
 */
public final class ExactlyOnceClickHouseSink<T> extends ProcessFunction<T, Void> implements CheckpointedFunction, CheckpointListener {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceClickHouseSink.class);

    private final String name;
    private final String url;
    private final String database;
    private final int maxRowsPerInsert;
    private final BatchTarget<T> target;
    private final TypeInformation<T> rowType;

    private transient String batchPrefix;
    private transient int nextPart;
    private transient String partId;
    private transient RowFormat<T> partFormat;
    private transient RowBinaryOutput partRows;
    private transient int partRowCount;
    private transient List<PendingPart> encoded;
    private transient List<PendingPart> pending;
    private transient ListState<PendingPart> pendingState;
    private transient ClickHouseHttp clickhouse;
    private transient int subtask;
    private transient String jobId;
    private transient ExecutorService committer;
    private transient volatile boolean stopping;

    /**
     * @param name the sink's stable name, part of every batch id (use the operator's uid)
     * @param maxRowsPerInsert rows per INSERT at most (keep under ClickHouse's 1M-row block)
     * @param rowType the rows' type; used only to read batches that a version before RowBinary
     *     parts left in a checkpoint
     */
    public ExactlyOnceClickHouseSink(String name, String url, String database, int maxRowsPerInsert,
                                     BatchTarget<T> target, TypeInformation<T> rowType) {
        if (maxRowsPerInsert < 1 || maxRowsPerInsert > 1_000_000) {
            throw new IllegalArgumentException("rows per insert must be 1..1000000 (one atomic ClickHouse block), got " + maxRowsPerInsert);
        }
        this.name = name;
        this.url = url;
        this.database = database;
        this.maxRowsPerInsert = maxRowsPerInsert;
        this.target = target;
        this.rowType = rowType;
    }

    /** One INSERT's rows, RowBinary-encoded, waiting for its checkpoint to complete. */
    public static final class PendingPart {
        public String batchId;
        public long checkpointId;
        public int rows;
        public byte[] rowBinary;
        /** Read back from a checkpoint: may have been written before the failure. */
        transient boolean restored;

        public PendingPart() {}

        PendingPart(String batchId, long checkpointId, int rows, byte[] rowBinary) {
            this.batchId = batchId;
            this.checkpointId = checkpointId;
            this.rows = rows;
            this.rowBinary = rowBinary;
        }
    }

    /**
     * One checkpoint's rows of one subtask as Flink-serialized objects: the checkpoint format before
     * RowBinary parts, still read on restore.
     */
    public static final class PendingBatch {
        public String batchId;
        public long checkpointId;
        public int rows;
        public byte[] data;

        public PendingBatch() {}
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        encoded = new ArrayList<>();
        pending = new ArrayList<>();
        pendingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(name + "-pending-parts", TypeInformation.of(PendingPart.class)));
        ListState<PendingBatch> legacyState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(name + "-pending-batches", TypeInformation.of(PendingBatch.class)));
        startBatch(context.getRestoredCheckpointId().orElse(0));
        if (context.isRestored()) {
            for (PendingPart part : pendingState.get()) {
                part.restored = true;
                pending.add(part);
            }
            for (PendingBatch batch : legacyState.get()) {
                pending.addAll(reencode(batch));
            }
            legacyState.clear();
            // They belong to a checkpoint that completed: commit them now (skipped where written).
            log.info("{} subtask {} restored {} pending parts", name, subtask, pending.size());
            commitUpTo(Long.MAX_VALUE);
        }
    }

    @Override
    public void processElement(T row, Context ctx, Collector<Void> out) {
        if (partRowCount == maxRowsPerInsert) {
            closePart();
        }
        if (partRows == null) {
            partId = batchPrefix + "/p" + nextPart++;
            partFormat = target.format(partId);
            partRows = new RowBinaryOutput(64 * 1024);
        }
        partFormat.write(row, partRows);
        partRowCount++;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long checkpointId = context.getCheckpointId();
        closePart();
        for (PendingPart part : encoded) {
            part.checkpointId = checkpointId;
            pending.add(part);
        }
        encoded = new ArrayList<>();
        startBatch(checkpointId);
        pendingState.update(pending);
    }

    /** Rows from now on belong to the batch that comes after checkpoint {@code checkpointId}. */
    private void startBatch(long checkpointId) {
        batchPrefix = name + "/" + jobId + "/s" + subtask + "/a" + checkpointId;
        nextPart = 0;
    }

    private void closePart() {
        if (partRows != null && partRowCount > 0) {
            encoded.add(new PendingPart(partId, Long.MAX_VALUE, partRowCount, partRows.toByteArray()));
        }
        partRows = null;
        partRowCount = 0;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        commitUpTo(checkpointId);
    }

    private void commitUpTo(long checkpointId) throws IOException {
        Iterator<PendingPart> it = pending.iterator();
        while (it.hasNext()) {
            PendingPart part = it.next();
            if (part.checkpointId > checkpointId) {
                continue;
            }
            commit(part);
            it.remove();
        }
    }

    private void commit(PendingPart part) throws IOException {
        if (committer == null) {
            committer = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, name + "-committer-" + subtask);
                thread.setDaemon(true);
                return thread;
            });
        }
        Future<?> done = committer.submit(() -> {
            commitPart(part);
            return null;
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            // Cancelled: let the part in flight finish (rows and marker), start no further part.
            stopping = true;
            Thread.currentThread().interrupt();
            throw new IOException("cancelled while committing " + part.batchId + "; the part in flight is finished in close()", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() throws Exception {
        stopping = true;
        if (committer != null) {
            committer.shutdown();
            if (!committer.awaitTermination(2, TimeUnit.MINUTES)) {
                log.warn("{} subtask {}: a commit to ClickHouse did not finish within 2 minutes", name, subtask);
            }
        }
        super.close();
    }

    private void commitPart(PendingPart part) throws IOException {
        if (stopping) {
            throw new IOException("stopped before committing " + part.batchId);
        }
        try {
            if (part.restored && target.isWritten(clickhouse(), part.batchId)) {
                log.info("batch {} ({} rows) is already in {}; skipped", part.batchId, part.rows, target.table());
                return;
            }
            target.write(clickhouse(), part.batchId, part.rowBinary, part.rows);
        } catch (RuntimeException e) {
            // Failing the task restores the last checkpoint, whose pending parts hold these rows.
            throw new IOException("committing batch " + part.batchId + " (" + part.rows + " rows) to "
                    + target.table() + " at " + url + " failed", e);
        }
    }

    private ClickHouseHttp clickhouse() {
        if (clickhouse == null) {
            clickhouse = new ClickHouseHttp(url, database);
        }
        return clickhouse;
    }

    /** A batch from the old checkpoint format as RowBinary parts with the ids it had then. */
    private List<PendingPart> reencode(PendingBatch batch) throws IOException {
        TypeSerializer<T> serializer = getRuntimeContext().createSerializer(rowType);
        DataInputDeserializer in = new DataInputDeserializer(batch.data);
        List<PendingPart> parts = new ArrayList<>();
        int part = 0;
        for (int from = 0; from < batch.rows; from += maxRowsPerInsert, part++) {
            int count = Math.min(batch.rows - from, maxRowsPerInsert);
            String id = batch.batchId + "/p" + part;
            RowFormat<T> format = target.format(id);
            RowBinaryOutput out = new RowBinaryOutput(64 * 1024);
            for (int i = 0; i < count; i++) {
                format.write(serializer.deserialize(in), out);
            }
            PendingPart p = new PendingPart(id, batch.checkpointId, count, out.toByteArray());
            p.restored = true;
            parts.add(p);
        }
        return parts;
    }
}
