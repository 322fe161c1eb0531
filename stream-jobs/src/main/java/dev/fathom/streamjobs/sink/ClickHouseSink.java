package dev.fathom.streamjobs.sink;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that batches elements and writes each batch to ClickHouse with a
 * {@link TableWriter}. Batches go out when full and at every checkpoint ({@code flush}), so a
 * checkpoint completes only after everything before it is in ClickHouse: nothing is lost, and
 * after a failure the replay from the last checkpoint writes at most what came after it again.
 */
public final class ClickHouseSink<T> implements Sink<T> {

    /** Writes one batch to its table; must throw if any of the batch was not stored. */
    @FunctionalInterface
    public interface TableWriter<T> extends Serializable {
        void write(ClickHouseHttp clickhouse, List<T> batch);
    }

    private final String url;
    private final String database;
    private final int batchSize;
    private final TableWriter<T> tableWriter;

    public ClickHouseSink(String url, String database, int batchSize, TableWriter<T> tableWriter) {
        this.url = url;
        this.database = database;
        this.batchSize = batchSize;
        this.tableWriter = tableWriter;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new BatchWriter<>(new ClickHouseHttp(url, database), batchSize, tableWriter);
    }

    static final class BatchWriter<T> implements SinkWriter<T> {
        private final ClickHouseHttp clickhouse;
        private final int batchSize;
        private final TableWriter<T> tableWriter;
        private List<T> batch = new ArrayList<>();

        BatchWriter(ClickHouseHttp clickhouse, int batchSize, TableWriter<T> tableWriter) {
            this.clickhouse = clickhouse;
            this.batchSize = batchSize;
            this.tableWriter = tableWriter;
        }

        @Override
        public void write(T element, Context context) throws IOException {
            batch.add(element);
            if (batch.size() >= batchSize) {
                writeBatch();
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            writeBatch();
        }

        private void writeBatch() throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            try {
                tableWriter.write(clickhouse, batch);
            } catch (RuntimeException e) {
                // Failing the task makes Flink replay from the last checkpoint: the batch is not lost.
                throw new IOException("writing " + batch.size() + " rows to ClickHouse at " + clickhouse.baseUrl() + " failed", e);
            }
            batch = new ArrayList<>();
        }

        @Override
        public void close() {
            batch.clear();
        }
    }
}
