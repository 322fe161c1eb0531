package dev.fathom.streamjobs.points;

import java.util.Properties;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.write.RejectedRecordWriter;
import dev.fathom.storage.write.RejectedRecordWriter.RejectedRecord;
import dev.fathom.streamjobs.decode.CounterDeltaFunction;
import dev.fathom.streamjobs.decode.DecodeOtlpFunction;
import dev.fathom.streamjobs.decode.DecodedPoint;
import dev.fathom.streamjobs.decode.DecodedPointSerializer;
import dev.fathom.streamjobs.decode.OtlpRecord;
import dev.fathom.streamjobs.decode.OtlpRecordDeserializer;
import dev.fathom.streamjobs.sink.ClickHouseSinks;
import dev.fathom.streamjobs.sink.MarkedBatchTarget;
import dev.fathom.streamjobs.sink.PointsBatchTarget;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
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

    /**
     * The OTLP topic's source: offsets committed on checkpoints, read_committed, and the Kafka
     * client properties file's settings (TLS, SASL) merged under these, which it may not change.
     */
    public static KafkaSource<OtlpRecord> kafkaSource(PointsJobConfig config) {
        Properties props = new Properties();
        props.put("bootstrap.servers", config.bootstrapServers());
        props.put("group.id", config.groupId());
        props.put("commit.offsets.on.checkpoint", "true");
        props.put("isolation.level", "read_committed");
        config.kafkaClientProperties().applyTo(props, "the points job's source");
        KafkaSourceBuilder<OtlpRecord> source = KafkaSource.<OtlpRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new OtlpRecordDeserializer())
                .setProperties(props);
        if (config.bounded()) {
            source.setBounded(OffsetsInitializer.latest());
        }
        return source.build();
    }

    /** Adds the job's sources, operators and sinks to {@code env}. */
    public static void define(StreamExecutionEnvironment env, PointsJobConfig config) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        // Every record type here is immutable, so chained operators may hand records on uncopied.
        env.getConfig().enableObjectReuse();

        SingleOutputStreamOperator<DecodedPoint> decoded = env
                .fromSource(kafkaSource(config), WatermarkStrategy.noWatermarks(), "otlp-metrics")
                .uid("otlp-metrics-source")
                .process(new DecodeOtlpFunction(), DecodedPointSerializer.TYPE)
                .uid("decode-otlp")
                .name("decode-otlp");

        // Only sums need keyed state (the last cumulative value per series); gauges stay in the
        // decoding task and are stored by their own sink instance, chained, with no shuffle.
        DataStream<Point> sums = decoded
                .keyBy(p -> p.point().seriesId(), Types.LONG)
                .process(new CounterDeltaFunction(), PointTypeInfo.INSTANCE)
                .uid("counter-deltas")
                .name("counter-deltas");
        DataStream<Point> gauges = decoded.getSideOutput(DecodeOtlpFunction.GAUGES);

        ClickHouseSinks.exactlyOnce(sums, "points-commit", config.clickhouseUrl(), config.database(), config.batchSize(),
                new PointsBatchTarget(),
                PointTypeInfo.INSTANCE);
        ClickHouseSinks.exactlyOnce(gauges, "points-gauges-commit", config.clickhouseUrl(), config.database(), config.batchSize(),
                new PointsBatchTarget(),
                PointTypeInfo.INSTANCE);

        ClickHouseSinks.exactlyOnce(decoded.getSideOutput(DecodeOtlpFunction.REJECTED), "rejected-commit",
                config.clickhouseUrl(), config.database(), 10_000,
                new MarkedBatchTarget<RejectedRecord>(() -> RejectedRecordWriter.FORMAT),
                TypeInformation.of(RejectedRecord.class));

        AnalyticsStages.define(new PointStreams(gauges, sums), config);
    }
}
