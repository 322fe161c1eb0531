package dev.fathom.streamjobs.points;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.doublePoint;
import static dev.fathom.streamjobs.OtlpRequests.gauge;
import static dev.fathom.streamjobs.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Point;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a kill: the job is cancelled mid-stream while records keep arriving, then a
 * new job is restored from the last retained checkpoint ({@code execution.state-recovery.path}).
 * ClickHouse must then hold every input point once: same count, and per series the same number of
 * distinct times, sum of times and sum of values as the input.
 */
class PointsJobRestoreTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final ClickHouseExtension clickhouseServer = new ClickHouseExtension();

    static final long T0 = 1_764_417_600_000L;
    static final int RECORDS = 240;
    static final int GPUS = 25;
    static final String DB = "restore_test";

    @TempDir
    Path flinkDir;

    /** Per series: count, distinct times, sum of times, sum of values. */
    record SeriesSum(long count, long distinctTimes, long timeSum, long valueSum) {}

    @Test
    void aJobKilledMidStreamAndRestoredFromItsCheckpointStoresEveryPointOnce() throws Exception {
        kafka.createTopics(2, Topics.OTLP_METRICS);
        ClickHouseHttp clickhouse = new ClickHouseHttp(clickhouseServer.httpUrl(), DB);
        new Migrator(clickhouse).migrate();

        List<Point> sent = new ArrayList<>();
        List<byte[]> records = new ArrayList<>();
        for (int r = 0; r < RECORDS; r++) {
            String host = "node-" + (r % 4);
            long time = T0 + (r / 4) * 1_000L;
            NumberDataPoint[] dps = new NumberDataPoint[GPUS];
            for (int g = 0; g < GPUS; g++) {
                long value = r * 100L + g;
                dps[g] = doublePoint(time, value, attr("gpu.index", Integer.toString(g)));
                sent.add(new Point("gpu.power.draw", time, value, "W",
                        new TreeMap<>(Map.of("host.name", host, "gpu.index", Integer.toString(g)))));
            }
            records.add(request(List.of(attr("host.name", host)), gauge("gpu.power.draw", "W", dps)).toByteArray());
        }

        int half = RECORDS / 2;
        send(records.subList(0, half));
        PointsJobConfig config = new PointsJobConfig(kafka.bootstrapServers(), Topics.OTLP_METRICS, "restore-test",
                clickhouseServer.httpUrl(), DB, Duration.ofMillis(300), 500, false, false)
                .withAnalytics("", "", false, "");

        JobClient first = start(config, null);
        long before = waitFor(() -> clickhouse.queryLong("SELECT count() FROM points"), n -> n >= 1_000, Duration.ofSeconds(60));
        Thread.sleep(200); // kill it a little later, in the middle of some checkpoint interval
        first.cancel().get();
        // The second half arrives while no job runs; the first half may be partly stored.
        send(records.subList(half, RECORDS));
        Path checkpoint = latestCheckpoint(flinkDir.resolve("checkpoints").resolve(first.getJobID().toString()));

        JobClient second = start(config, checkpoint);
        try {
            waitFor(() -> clickhouse.queryLong("SELECT count() FROM points"), n -> n >= sent.size(), Duration.ofSeconds(90));
            Thread.sleep(1_500); // a few more checkpoints: anything written twice would show now
        } finally {
            second.cancel().get();
        }

        assertThat(before).isPositive();
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(sent.size());
        Map<Long, SeriesSum> expected = new HashMap<>();
        for (Point p : sent) {
            expected.merge(p.seriesId(), new SeriesSum(1, 1, p.timeMillis(), (long) p.value()),
                    (a, b) -> new SeriesSum(a.count + 1, a.distinctTimes + 1, a.timeSum + b.timeSum, a.valueSum + b.valueSum));
        }
        Map<Long, SeriesSum> stored = new HashMap<>();
        for (JsonNode row : clickhouse.query("SELECT toString(series_id) AS id, count() AS n, uniqExact(time_ms) AS times, "
                + "toString(sum(time_ms)) AS time_sum, toString(toInt64(sum(value))) AS value_sum FROM points GROUP BY series_id")) {
            stored.put(Long.parseUnsignedLong(row.get("id").asText()), new SeriesSum(row.get("n").asLong(),
                    row.get("times").asLong(), Long.parseLong(row.get("time_sum").asText()), Long.parseLong(row.get("value_sum").asText())));
        }
        assertThat(stored).isEqualTo(expected);
        assertThat(clickhouse.queryLong("SELECT count() FROM sink_batches WHERE table_name = 'points'")).isPositive();
    }

    private static void send(List<byte[]> records) throws Exception {
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                producer.send(new ProducerRecord<>(Topics.OTLP_METRICS, i % 2, null, records.get(i)));
            }
            producer.flush();
        }
    }

    private JobClient start(PointsJobConfig config, Path restoreFrom) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, flinkDir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        PointsJob.define(env, config);
        return env.executeAsync("restore-test");
    }

    private static Path latestCheckpoint(Path jobDir) throws Exception {
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
        }
    }

    private static long waitFor(java.util.function.LongSupplier value, java.util.function.LongPredicate done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = value.getAsLong();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + last + " after " + timeout);
            }
            Thread.sleep(100);
            last = value.getAsLong();
        }
        return last;
    }
}
