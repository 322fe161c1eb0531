package dev.fathom.streamjobs.points;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Point;
import dev.fathom.model.Topics;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A watched GPU series with one spike: the spike lands in {@code anomalies} and as an alert with its context. */
class AnomalyStageTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final ClickHouseExtension clickhouseServer = new ClickHouseExtension();

    static final long T0 = 1_764_417_600_000L;
    static final int SPIKE = 1000; // after the detector's 750-point warm-up

    @Test
    void aSpikeIsStoredAndAlertedWithItsExpectedRange() throws Exception {
        kafka.createTopics(1, Topics.ALERTS);
        ClickHouseHttp clickhouse = new ClickHouseHttp(clickhouseServer.httpUrl(), "anomaly_stage");
        new Migrator(clickhouse).migrate();
        List<Point> points = new ArrayList<>();
        TreeMap<String, String> labels = new TreeMap<>(Map.of("host.name", "node-1", "gpu.uuid", "GPU-1"));
        for (int i = 0; i < 1200; i++) {
            double value = i == SPIKE ? 700 : 300 + 20 * Math.sin(i / 8.0);
            points.add(new Point("gpu.power.draw", T0 + i * 60_000L, value, "W", labels));
            points.add(new Point("gpu.clock.sm", T0 + i * 60_000L, i == SPIKE ? 100 : 1400, "MHz", labels)); // not watched
        }
        PointsJobConfig config = new PointsJobConfig(kafka.bootstrapServers(), Topics.OTLP_METRICS, "anomaly-test",
                clickhouseServer.httpUrl(), "anomaly_stage", Duration.ofSeconds(1), 10_000, true, false);
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(500);
        // The watched series on one of the job's two point streams, the unwatched one on the other.
        DataStream<Point> gauges = env.fromData(PointTypeInfo.INSTANCE,
                points.stream().filter(p -> p.metric().equals("gpu.power.draw")).toArray(Point[]::new));
        DataStream<Point> sums = env.fromData(PointTypeInfo.INSTANCE,
                points.stream().filter(p -> !p.metric().equals("gpu.power.draw")).toArray(Point[]::new));
        AnomalyStage.define(new PointStreams(gauges, sums), config);
        env.execute("anomaly-stage-test");

        List<JsonNode> rows = clickhouse.query("SELECT metric, time_ms, value, expected_low, expected_high, score FROM anomalies FINAL ORDER BY time_ms");
        assertThat(rows).extracting(r -> r.get("metric").asText()).containsOnly("gpu.power.draw");
        JsonNode spike = rows.stream().filter(r -> r.get("time_ms").asLong() == T0 + SPIKE * 60_000L).findFirst().orElseThrow(
                () -> new AssertionError("the spike is not in anomalies: " + rows));
        assertThat(spike.get("value").asDouble()).isEqualTo(700);
        assertThat(spike.get("expected_high").asDouble()).isLessThan(700);
        assertThat(spike.get("score").asDouble()).isBetween(0.0, 1.0);

        List<Alert> alerts = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "anomaly-test-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            long deadline = System.currentTimeMillis() + 15_000;
            while (System.currentTimeMillis() < deadline && alerts.size() < rows.size()) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(AlertJson.fromBytes(r.value())));
            }
        }
        assertThat(alerts).hasSize(rows.size());
        Alert alert = alerts.stream().filter(a -> a.startsAt().toEpochMilli() == T0 + SPIKE * 60_000L).findFirst().orElseThrow();
        assertThat(alert.labels()).containsEntry("alertname", "SeriesAnomaly").containsEntry("source", "anomaly")
                .containsEntry("metric", "gpu.power.draw").containsEntry("host", "node-1").containsEntry("gpu.uuid", "GPU-1");
        assertThat(alert.annotations()).containsKeys("summary", "expected_low", "expected_high", "score", "dashboard");
        assertThat(alert.endsAt()).isEqualTo(alert.startsAt().plus(AnomalyStage.ALERT_LIFETIME));
    }
}
