package dev.fathom.streamjobs.points;

import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.write.PointWriter;
import dev.fathom.storage.write.RejectedRecordWriter;
import dev.fathom.storage.write.RejectedRecordWriter.RejectedRecord;
import dev.fathom.streamjobs.decode.DecodeOtlpFunction;
import dev.fathom.streamjobs.decode.OtlpRecord;
import dev.fathom.streamjobs.decode.OtlpRecordDeserializer;
import dev.fathom.streamjobs.sink.ClickHouseSink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The points job: OTLP records from Kafka, decoded into points, stored in ClickHouse's
 * {@code points} table; undecodable records go to {@code rejected_records}. Runs the same in a
 * local MiniCluster and on a Flink cluster ({@code flink run fathom-stream-jobs-*-job.jar ...}).
 */
public final class PointsJob {

    public static final String NAME = "fathom-points";

    private PointsJob() {}

    public static void main(String[] args) throws Exception {
        PointsJobConfig config = PointsJobConfig.fromArgs(args);
        if (config.migrate()) {
            new Migrator(new ClickHouseHttp(config.clickhouseUrl(), config.database())).migrate();
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        define(env, config);
        env.execute(NAME);
    }

    /** Adds the job's sources, operators and sinks to {@code env}. */
    public static void define(StreamExecutionEnvironment env, PointsJobConfig config) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);

        KafkaSourceBuilder<OtlpRecord> source = KafkaSource.<OtlpRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new OtlpRecordDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("isolation.level", "read_committed");
        if (config.bounded()) {
            source.setBounded(OffsetsInitializer.latest());
        }

        SingleOutputStreamOperator<Point> points = env
                .fromSource(source.build(), WatermarkStrategy.noWatermarks(), "otlp-metrics")
                .uid("otlp-metrics-source")
                .process(new DecodeOtlpFunction(), PointTypeInfo.INSTANCE)
                .uid("decode-otlp")
                .name("decode-otlp");

        points.sinkTo(new ClickHouseSink<Point>(config.clickhouseUrl(), config.database(), config.batchSize(),
                        (clickhouse, batch) -> new PointWriter(clickhouse).write(batch)))
                .uid("points-sink")
                .name("clickhouse-points");

        points.getSideOutput(DecodeOtlpFunction.REJECTED)
                .sinkTo(new ClickHouseSink<RejectedRecord>(config.clickhouseUrl(), config.database(), 1_000,
                        (clickhouse, batch) -> new RejectedRecordWriter(clickhouse).write(batch)))
                .uid("rejected-sink")
                .name("clickhouse-rejected-records");
    }
}
