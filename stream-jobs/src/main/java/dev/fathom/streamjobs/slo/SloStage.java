package dev.fathom.streamjobs.slo;

import java.util.Properties;
import dev.fathom.model.kafka.KafkaClientProperties;
import dev.fathom.model.Point;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.storage.write.SloStatusRow;
import dev.fathom.streamjobs.points.PointStreams;
import dev.fathom.streamjobs.points.PointsJobConfig;
import dev.fathom.streamjobs.sink.ClickHouseSinks;
import dev.fathom.streamjobs.sink.ReplacingTableTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The SLO stage: points → SLO events → per-SLO evaluation each minute (event time) → slo_status
 * (exactly once; ReplacingMergeTree collapses a replay) and burn-rate alerts → the alerts topic.
 * Alerts go at least once: a replay can repeat a firing or resolved alert, which the alerts
 * service deduplicates by fingerprint as Alertmanager does.
 */
public final class SloStage {

    public static final Duration ALLOWED_LATENESS = Duration.ofSeconds(30);

    private SloStage() {}

    public static void define(PointStreams points, PointsJobConfig config) {
        List<SloDefinition> slos = OpenSloParser.load(Path.of(config.sloFile()));
        SingleOutputStreamOperator<SloStatusRow> status = points
                .each((stream, suffix) -> stream
                        .flatMap(new SloEventExtractor(slos), TypeInformation.of(SloEvent.class))
                        .uid("slo-events" + suffix).name("slo-events" + suffix)
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<SloEvent>forBoundedOutOfOrderness(ALLOWED_LATENESS)
                                .withTimestampAssigner((e, previous) -> e.timeMillis())
                                .withIdleness(Duration.ofMinutes(1)))
                        .uid("slo-watermarks" + suffix).name("slo-watermarks" + suffix))
                .keyBy(SloEvent::slo, Types.STRING)
                .process(new SloEvaluateFunction(slos, config.dashboardUrl()), TypeInformation.of(SloStatusRow.class))
                .uid("slo-evaluate").name("slo-evaluate");

        ClickHouseSinks.exactlyOnce(status, "slo-status-commit", config.clickhouseUrl(), config.database(), config.batchSize(),
                new ReplacingTableTarget<SloStatusRow>(() -> SloStatusRow.FORMAT), TypeInformation.of(SloStatusRow.class));

        status.getSideOutput(SloEvaluateFunction.ALERTS)
                .sinkTo(alertsSink(config.bootstrapServers(), config.alertsTopic(), config.kafkaClientProperties()))
                .uid("slo-alerts-sink").name("kafka-" + config.alertsTopic());
    }

    /** Alerts as Alertmanager JSON ({@link AlertJson}), keyed by fingerprint so one alert stays in order. */
    public static KafkaSink<Alert> alertsSink(String bootstrapServers, String topic) {
        return alertsSink(bootstrapServers, topic, KafkaClientProperties.none());
    }

    /** As above, with the Kafka client properties file's settings (TLS, SASL) for the producer. */
    public static KafkaSink<Alert> alertsSink(String bootstrapServers, String topic, KafkaClientProperties kafka) {
        Properties producer = new Properties();
        producer.put("bootstrap.servers", bootstrapServers);
        kafka.applyTo(producer, "the alerts sink");
        return KafkaSink.<Alert>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer((KafkaRecordSerializationSchema<Alert>) (alert, context, timestamp) ->
                        new ProducerRecord<>(topic, alert.fingerprint().getBytes(StandardCharsets.UTF_8), AlertJson.toBytes(alert)))
                .build();
    }
}
