package dev.fathom.streamjobs.sink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** Attaches an {@link ExactlyOnceClickHouseSink} to a stream under a stable uid. */
public final class ClickHouseSinks {

    private ClickHouseSinks() {}

    /**
     * @param uid stable operator id; also the prefix of every batch id, so never change it on a
     *     running deployment
     */
    public static <T> void exactlyOnce(DataStream<T> rows, String uid, String url, String database,
                                       int maxRowsPerInsert, BatchTarget<T> target, TypeInformation<T> rowType) {
        rows.process(new ExactlyOnceClickHouseSink<>(uid, url, database, maxRowsPerInsert, target, rowType), Types.VOID)
                .uid(uid)
                .name("clickhouse-" + target.table())
                // The commit happens in the operator above; this only ends the graph.
                .sinkTo(new DiscardingSink<>())
                .uid(uid + "-end")
                .name("end-" + target.table());
    }
}
