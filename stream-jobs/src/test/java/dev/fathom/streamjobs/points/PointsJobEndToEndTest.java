package dev.fathom.streamjobs.points;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.cumulativeSum;
import static dev.fathom.streamjobs.OtlpRequests.doublePoint;
import static dev.fathom.streamjobs.OtlpRequests.gauge;
import static dev.fathom.streamjobs.OtlpRequests.intPoint;
import static dev.fathom.streamjobs.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real path: OTLP records on a real Kafka broker, the real job in a Flink MiniCluster, a real
 * ClickHouse server. ClickHouse must hold exactly the points sent and the counter deltas and rates
 * derived from them, none missing, none twice; the cost ledger must price every GPU-minute; and
 * the one garbage record must be set aside by its offset without stopping the job.
 */
class PointsJobEndToEndTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final ClickHouseExtension clickhouseServer = new ClickHouseExtension();

    @RegisterExtension
    static final MiniClusterExtension flink = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(restOnAnyPort())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final long T0 = 1_764_417_600_000L; // 2025-11-29T12:00:00Z
    static final int HOSTS = 3;
    static final int GPUS = 4;
    static final int STEPS = 5;

    private static Configuration restOnAnyPort() {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, 0);
        return config;
    }

    /** One expected row, built from the same numbers the test sends, not by the decoder. */
    record Row(String metric, long timeMillis, double value, Map<String, String> labels) {}

    @Test
    void everyPointArrivesExactlyOnceAndGarbageIsSetAsideByOffset() throws Exception {
        kafka.createTopics(2, Topics.OTLP_METRICS);
        List<Row> expected = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        for (int h = 0; h < HOSTS; h++) {
            String host = "node-" + h;
            for (int step = 0; step < STEPS; step++) {
                long time = T0 + step * 10_000L;
                NumberDataPoint[] utilisation = new NumberDataPoint[GPUS];
                for (int g = 0; g < GPUS; g++) {
                    double value = (h * 100 + g * 10 + step) / 1000.0;
                    utilisation[g] = doublePoint(time, value, attr("gpu.index", Integer.toString(g)), attr("gpu.uuid", "GPU-" + h + "-" + g));
                    expected.add(new Row("gpu.utilization", time, value,
                            Map.of("host.name", host, "cluster", "test", "gpu.index", Integer.toString(g), "gpu.uuid", "GPU-" + h + "-" + g)));
                }
                long bytes = 1_000_000L * (h + 1) + step;
                Map<String, String> nicLabels = Map.of("host.name", host, "cluster", "test", "device", "eth0", "direction", "receive");
                expected.add(new Row("system.network.io", time, bytes, nicLabels));
                if (step > 0) {
                    // The counter grew by 1 byte in 10 s.
                    expected.add(new Row("system.network.io.delta", time, 1, nicLabels));
                    expected.add(new Row("system.network.io.rate", time, 0.1, nicLabels));
                }
                records.add(request(List.of(attr("host.name", host), attr("cluster", "test")),
                        gauge("gpu.utilization", "1", utilisation),
                        cumulativeSum("system.network.io", "By", intPoint(time, bytes, attr("device", "eth0"), attr("direction", "receive"))))
                        .toByteArray());
            }
        }

        long garbageOffset;
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.OTLP_METRICS, 0, null, records.get(i))).get();
                if (i == 3) {
                    // Partition 1 holds only the garbage record, so its offset is known: 0.
                    garbageOffset = producer.send(new ProducerRecord<>(Topics.OTLP_METRICS, 1, null,
                            "{\"not\": \"otlp\"}".getBytes())).get().offset();
                    assertThat(garbageOffset).isZero();
                }
            }
        }

        ClickHouseHttp clickhouse = new ClickHouseHttp(clickhouseServer.httpUrl(), "points_job_test");
        new Migrator(clickhouse).migrate();
        PointsJobConfig config = new PointsJobConfig(kafka.bootstrapServers(), Topics.OTLP_METRICS, "e2e-test",
                clickhouseServer.httpUrl(), "points_job_test", Duration.ofSeconds(1), 7, true, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        PointsJob.define(env, config);
        env.execute("points-job-e2e");

        List<Row> stored = new ArrayList<>();
        for (JsonNode row : clickhouse.query("SELECT metric, time_ms, value, host, label_keys, label_values FROM points ORDER BY metric, host, time_ms")) {
            Map<String, String> labels = new java.util.HashMap<>();
            for (int i = 0; i < row.get("label_keys").size(); i++) {
                labels.put(row.get("label_keys").get(i).asText(), row.get("label_values").get(i).asText());
            }
            assertThat(row.get("host").asText()).isEqualTo(labels.get("host.name"));
            stored.add(new Row(row.get("metric").asText(), row.get("time_ms").asLong(), row.get("value").asDouble(), labels));
        }
        assertThat(stored).hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);

        // Cost: 12 GPUs seen in one minute, no model (default price 2.00/h), no owner: unallocated.
        List<JsonNode> cost = clickhouse.query("SELECT count() AS n, toString(sum(cost)) AS total, groupUniqArray(toString(kind)) AS kinds FROM cost_ledger FINAL");
        assertThat(cost.get(0).get("n").asInt()).isEqualTo(HOSTS * GPUS);
        assertThat(new java.math.BigDecimal(cost.get(0).get("total").asText()))
                .isEqualByComparingTo(new java.math.BigDecimal("0.033333333").multiply(java.math.BigDecimal.valueOf(HOSTS * GPUS)));
        assertThat(cost.get(0).get("kinds").toString()).isEqualTo("[\"unallocated\"]");

        List<JsonNode> rejected = clickhouse.query("SELECT topic, kafka_partition, kafka_offset, error FROM rejected_records");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).get("topic").asText()).isEqualTo(Topics.OTLP_METRICS);
        assertThat(rejected.get(0).get("kafka_partition").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).get("kafka_offset").asLong()).isZero();
        assertThat(rejected.get(0).get("error").asText()).contains("not an OTLP ExportMetricsServiceRequest");
    }
}
