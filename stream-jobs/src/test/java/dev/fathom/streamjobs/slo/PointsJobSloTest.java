package dev.fathom.streamjobs.slo;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.cumulativeSum;
import static dev.fathom.streamjobs.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Topics;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.streamjobs.points.PointsJob;
import dev.fathom.streamjobs.points.PointsJobConfig;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three simulated hours of an HTTP service's cumulative request counters, as OTLP on Kafka,
 * through the whole job with an OpenSLO file: slo_status rows every minute in ClickHouse, and on
 * the alerts topic a page that fires during the error spike and resolves after it.
 */
class PointsJobSloTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final ClickHouseExtension clickhouseServer = new ClickHouseExtension();

    static final long T0 = Instant.parse("2025-11-29T00:00:00Z").toEpochMilli();
    static final int MINUTES = 180;

    @TempDir
    Path dir;

    static double errorRate(int minute) {
        return minute < 120 ? 0 : minute < 165 ? 0.02 : 0;
    }

    @Test
    void burnRateAlertsFireAndResolveAndStatusIsStored() throws Exception {
        kafka.createTopics(1, Topics.OTLP_METRICS, Topics.ALERTS);
        Path slos = dir.resolve("slos.yaml");
        Files.writeString(slos, """
                apiVersion: openslo/v1
                kind: SLO
                metadata: {name: api-availability, labels: {team: web}}
                spec:
                  service: api
                  indicator:
                    metadata: {name: api-errors}
                    spec:
                      ratioMetric:
                        counter: true
                        bad: {metricSource: {type: fathom, spec: {metric: http.server.requests, labels: {status_class: 5xx}}}}
                        total: {metricSource: {type: fathom, spec: {metric: http.server.requests}}}
                  timeWindow: [{duration: 30d, isRolling: true}]
                  budgetingMethod: Occurrences
                  objectives: [{target: 0.999}]
                """);

        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            long ok = 0;
            long errors = 0;
            for (int minute = 0; minute < MINUTES; minute++) {
                long time = T0 + minute * 60_000L + 30_000;
                errors += Math.round(1000 * errorRate(minute));
                ok += 1000 - Math.round(1000 * errorRate(minute));
                NumberDataPoint okPoint = NumberDataPoint.newBuilder().setStartTimeUnixNano(T0 * 1_000_000).setTimeUnixNano(time * 1_000_000)
                        .setAsInt(ok).addAttributes(attr("status_class", "2xx")).build();
                NumberDataPoint errorPoint = okPoint.toBuilder().setAsInt(errors).clearAttributes().addAttributes(attr("status_class", "5xx")).build();
                producer.send(new ProducerRecord<>(Topics.OTLP_METRICS, request(List.of(attr("service.name", "api"), attr("host.name", "web-1")),
                        cumulativeSum("http.server.requests", "{request}", okPoint, errorPoint)).toByteArray()));
            }
        }

        ClickHouseHttp clickhouse = new ClickHouseHttp(clickhouseServer.httpUrl(), "slo_test");
        new Migrator(clickhouse).migrate();
        PointsJobConfig config = new PointsJobConfig(kafka.bootstrapServers(), Topics.OTLP_METRICS, "slo-test",
                clickhouseServer.httpUrl(), "slo_test", Duration.ofSeconds(1), 10_000, true, false)
                .withAnalytics("", "", false, slos.toString());
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.setString("restart-strategy.type", "none"); // a failure fails the test instead of restarting
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        PointsJob.define(env, config);
        env.execute("slo-test");

        List<Alert> alerts = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "slo-test-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline && alerts.size() < 4) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> alerts.add(AlertJson.fromBytes(r.value())));
            }
        }
        List<JsonNode> status = clickhouse.query("SELECT count() AS n, max(total) AS total, argMax(budget_remaining, ts) AS budget "
                + "FROM slo_status FINAL WHERE slo = 'api-availability'");
        // The first report of a counter is its baseline: minutes 1..179 are evaluated, plus the closing minute.
        assertThat(status.get(0).get("n").asInt()).isBetween(MINUTES - 1, MINUTES + 1);
        assertThat(status.get(0).get("total").asDouble()).isEqualTo((MINUTES - 1) * 1000.0);
        double bad = 0;
        for (int m = 1; m < MINUTES; m++) {
            bad += Math.round(1000 * errorRate(m));
        }
        assertThat(status.get(0).get("budget").asDouble()).isCloseTo(1 - bad / ((MINUTES - 1) * 1000.0) / 0.001,
                org.assertj.core.data.Offset.offset(1e-9));
        List<Alert> pages = alerts.stream().filter(a -> a.label("severity").equals("critical")).toList();
        assertThat(pages).hasSize(2);
        Alert fired = pages.get(0);
        Alert resolved = pages.get(1);
        assertThat(fired.labels()).containsEntry("alertname", "SLOBurnRateHigh").containsEntry("source", "slo")
                .containsEntry("slo", "api-availability").containsEntry("service", "api").containsEntry("team", "web");
        assertThat(fired.endsAt()).isNull();
        assertThat(fired.annotations()).containsKeys("summary", "budget_remaining", "burn_rate_1h", "burn_rate_5m", "dashboard");
        assertThat(Double.parseDouble(fired.annotations().get("burn_rate_1h"))).isGreaterThanOrEqualTo(14.4);
        // Inside the spike (minutes 120-164), and resolved within the first clean minutes after it.
        assertThat(fired.startsAt()).isBetween(Instant.ofEpochMilli(T0 + 150 * 60_000L), Instant.ofEpochMilli(T0 + 166 * 60_000L));
        assertThat(resolved.fingerprint()).isEqualTo(fired.fingerprint());
        assertThat(resolved.endsAt()).isBetween(Instant.ofEpochMilli(T0 + 166 * 60_000L), Instant.ofEpochMilli(T0 + 170 * 60_000L));
        assertThat(alerts).anyMatch(a -> a.label("severity").equals("warning"));

    }
}
