package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
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
import org.apache.flink.core.memory.DataOutputSerializer;
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
 *   <li>rows arriving between two checkpoints are buffered;</li>
 *   <li>at checkpoint {@code n} the buffer becomes the pending batch of {@code n} and is stored in
 *       the checkpoint itself (pre-commit);</li>
 *   <li>once checkpoint {@code n} is complete everywhere, each pending batch up to {@code n} is
 *       committed under its deterministic id {@code sink/<job id>/s<subtask>/c<checkpoint>/p<part>}, in parts
 *       of at most {@code maxRowsPerInsert} rows, unless the target already holds that id.</li>
 * </ol>
 * After a failure the job restores the pending batches of the last complete checkpoint and commits
 * them again (skipped where already written), and the source replays from that checkpoint's
 * offsets into new batches: no gap, no duplicate. The job id keeps ids unique across deployments
 * (a job started without state counts checkpoints from 1 again); a restored job keeps the ids its
 * restored batches were given. The price is latency (rows reach ClickHouse one
 * checkpoint later) and heap for one checkpoint interval of rows.
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

    private transient TypeSerializer<T> rowSerializer;
    private transient List<T> buffer;
    private transient List<PendingBatch> pending;
    private transient ListState<PendingBatch> pendingState;
    private transient ClickHouseHttp clickhouse;
    private transient int subtask;
    private transient String jobId;
    private transient ExecutorService committer;
    private transient volatile boolean stopping;

    /**
     * @param name the sink's stable name, part of every batch id (use the operator's uid)
     * @param maxRowsPerInsert rows per INSERT at most (keep under ClickHouse's 1M-row block)
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

    /** One checkpoint's rows of one subtask, serialized, waiting for the checkpoint to complete. */
    public static final class PendingBatch {
        public String batchId;
        public long checkpointId;
        public int rows;
        public byte[] data;

        public PendingBatch() {}

        PendingBatch(String batchId, long checkpointId, int rows, byte[] data) {
            this.batchId = batchId;
            this.checkpointId = checkpointId;
            this.rows = rows;
            this.data = data;
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        rowSerializer = getRuntimeContext().createSerializer(rowType);
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        jobId = getRuntimeContext().getJobInfo().getJobId().toString();
        buffer = new ArrayList<>();
        pending = new ArrayList<>();
        pendingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>(name + "-pending-batches", TypeInformation.of(PendingBatch.class)));
        if (context.isRestored()) {
            for (PendingBatch batch : pendingState.get()) {
                pending.add(batch);
            }
            // They belong to a checkpoint that completed: commit them now (skipped where written).
            log.info("{} subtask {} restored {} pending batches", name, subtask, pending.size());
            commitUpTo(Long.MAX_VALUE);
        }
    }

    @Override
    public void processElement(T row, Context ctx, Collector<Void> out) {
        buffer.add(row);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long checkpointId = context.getCheckpointId();
        if (!buffer.isEmpty()) {
            pending.add(new PendingBatch(name + "/" + jobId + "/s" + subtask + "/c" + checkpointId, checkpointId, buffer.size(), serialize(buffer)));
            buffer = new ArrayList<>();
        }
        pendingState.update(pending);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        commitUpTo(checkpointId);
    }

    private void commitUpTo(long checkpointId) throws IOException {
        Iterator<PendingBatch> it = pending.iterator();
        while (it.hasNext()) {
            PendingBatch batch = it.next();
            if (batch.checkpointId > checkpointId) {
                continue;
            }
            commit(batch);
            it.remove();
        }
    }

    private void commit(PendingBatch batch) throws IOException {
        if (committer == null) {
            committer = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, name + "-committer-" + subtask);
                thread.setDaemon(true);
                return thread;
            });
        }
        Future<?> done = committer.submit(() -> {
            commitParts(batch);
            return null;
        });
        try {
            done.get();
        } catch (InterruptedException e) {
            // Cancelled: let the part in flight finish (rows and marker), start no further part.
            stopping = true;
            Thread.currentThread().interrupt();
            throw new IOException("cancelled while committing " + batch.batchId + "; the part in flight is finished in close()", e);
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

    private void commitParts(PendingBatch batch) throws IOException {
        List<T> rows = deserialize(batch);
        int part = 0;
        for (int from = 0; from < rows.size(); from += maxRowsPerInsert, part++) {
            List<T> slice = rows.subList(from, Math.min(rows.size(), from + maxRowsPerInsert));
            String batchId = batch.batchId + "/p" + part;
            if (stopping) {
                throw new IOException("stopped before committing " + batchId);
            }
            try {
                if (target.isWritten(clickhouse(), batchId)) {
                    log.info("batch {} ({} rows) is already in {}; skipped", batchId, slice.size(), target.table());
                    continue;
                }
                target.write(clickhouse(), batchId, slice);
            } catch (RuntimeException e) {
                // Failing the task restores the last checkpoint, whose pending batches hold these rows.
                throw new IOException("committing batch " + batchId + " (" + slice.size() + " rows) to "
                        + target.table() + " at " + url + " failed", e);
            }
        }
    }

    private ClickHouseHttp clickhouse() {
        if (clickhouse == null) {
            clickhouse = new ClickHouseHttp(url, database);
        }
        return clickhouse;
    }

    private byte[] serialize(List<T> rows) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(Math.max(64, rows.size() * 128));
        for (T row : rows) {
            rowSerializer.serialize(row, out);
        }
        return out.getCopyOfBuffer();
    }

    private List<T> deserialize(PendingBatch batch) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(batch.data);
        List<T> rows = new ArrayList<>(batch.rows);
        for (int i = 0; i < batch.rows; i++) {
            rows.add(rowSerializer.deserialize(in));
        }
        return rows;
    }
}
