package dev.fathom.streamjobs.points;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.cumulativeSum;
import static dev.fathom.streamjobs.OtlpRequests.doublePoint;
import static dev.fathom.streamjobs.OtlpRequests.gauge;
import static dev.fathom.streamjobs.OtlpRequests.intPoint;
import static dev.fathom.streamjobs.OtlpRequests.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Figures, not a test (it asserts nothing and runs only with {@code -Dbench=true}):
 * <pre>
 * mvn -B -o -pl stream-jobs test -Dtest=StreamJobsBenchmark -Dbench=true [-Dbench.hosts=200 -Dbench.steps=20 -Dbench.parallelism=2
 *     -Dbench.cost=true -Dbench.anomalies=false -Dbench.checkpointMs=2000]
 * </pre>
 * OTLP records as a node collector sends them (8 GPUs x 6 gauges, 2 NICs and 2 disks x 2
 * directions x 2 counters: 64 points per record) are put on Kafka first; then the whole job
 * (decode, counter deltas, cost, exactly-once ClickHouse sinks) runs and the wall time from
 * submission until every input point is in ClickHouse gives points per second. Checkpoint durations and the counter-delta
 * operator's state per series come from Flink's REST API while the job runs. CPU seconds per
 * million input points, of this JVM (Kafka broker and Flink) and of the ClickHouse server, are
 * load-independent where the wall time is not: compare those on a busy machine. Checkpoints go to
 * a file directory as in {@code ./fathom up} (the JobManager's in-memory default refuses state
 * over 5 MB, which the anomaly detector's 24 KB per series passes at a few hundred series).
 */
class StreamJobsBenchmark {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final ClickHouseExtension clickhouseServer = new ClickHouseExtension();

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void throughputCheckpointsAndState() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("bench"), "run with -Dbench=true");
        int hosts = Integer.getInteger("bench.hosts", 200);
        int steps = Integer.getInteger("bench.steps", 20);
        int parallelism = Integer.getInteger("bench.parallelism", 2);
        boolean cost = Boolean.parseBoolean(System.getProperty("bench.cost", "true"));
        boolean anomalies = Boolean.parseBoolean(System.getProperty("bench.anomalies", "false"));
        long checkpointMs = Long.getLong("bench.checkpointMs", 2000);
        kafka.createTopics(parallelism, Topics.OTLP_METRICS);

        long t0 = 1_764_417_600_000L;
        long inputPoints = 0;
        long bytes = 0;
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int step = 0; step < steps; step++) {
                long time = t0 + step * 10_000L;
                for (int h = 0; h < hosts; h++) {
                    List<Metric> metrics = new ArrayList<>();
                    for (String name : List.of("gpu.utilization", "gpu.memory.utilization", "gpu.memory.used", "gpu.power.draw",
                            "gpu.temperature", "gpu.clock.sm")) {
                        NumberDataPoint[] dps = new NumberDataPoint[8];
                        for (int g = 0; g < 8; g++) {
                            dps[g] = doublePoint(time, (h * 7 + g * 13 + step) % 100 / 100.0, attr("gpu.index", Integer.toString(g)),
                                    attr("gpu.uuid", "GPU-" + h + "-" + g), attr("gpu.model", "NVIDIA H100 80GB HBM3"));
                        }
                        metrics.add(gauge(name, "1", dps));
                    }
                    for (String name : List.of("system.network.io", "system.network.packets", "system.disk.io", "system.disk.operations")) {
                        List<NumberDataPoint> dps = new ArrayList<>();
                        for (String device : List.of("dev0", "dev1")) {
                            for (String direction : List.of("receive", "transmit")) {
                                dps.add(intPoint(time, 1_000_000L * step + h, attr("device", device), attr("direction", direction)));
                            }
                        }
                        metrics.add(cumulativeSum(name, "By", dps.toArray(NumberDataPoint[]::new)));
                    }
                    byte[] record = request(List.of(attr("host.name", "node-" + h), attr("cluster", "bench")), metrics.toArray(Metric[]::new))
                            .toByteArray();
                    bytes += record.length;
                    inputPoints += 64;
                    // Keyed by host, as the collector keys by resource: one host's records stay in order.
                    producer.send(new ProducerRecord<>(Topics.OTLP_METRICS, ("node-" + h).getBytes(), record));
                }
            }
        }

        ClickHouseHttp clickhouse = new ClickHouseHttp(clickhouseServer.httpUrl(), "bench");
        new Migrator(clickhouse).migrate();
        int restPort;
        try (ServerSocket s = new ServerSocket(0)) {
            restPort = s.getLocalPort();
        }
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, restPort);
        Path checkpointDir = Files.createTempDirectory("fathom-bench-checkpoints");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        PointsJob.define(env, new PointsJobConfig(kafka.bootstrapServers(), Topics.OTLP_METRICS, "bench", clickhouseServer.httpUrl(),
                "bench", Duration.ofMillis(checkpointMs), 50_000, false, false)
                .withAnalytics("", "", cost, "").withAnomalies(anomalies));
        long clickhousePid = clickhouseServer.server().pid();
        double jvmCpuStart = processCpuSeconds();
        double clickhouseCpuStart = procCpuSeconds(clickhousePid);
        long start = System.nanoTime();
        JobClient job = env.executeAsync("bench");
        HttpClient http = HttpClient.newHttpClient();
        JsonNode lastCheckpoints = null;
        JsonNode lastDetails = null;
        String counterVertex = null;
        // Until every input point is in ClickHouse (one checkpoint after it was read), then two
        // more checkpoints so the last one holds only the keyed state (sink buffers are empty).
        String raw = "SELECT count() FROM points WHERE metric NOT LIKE '%.delta' AND metric NOT LIKE '%.rate'";
        double seconds = 0;
        double jvmCpu = 0;
        double clickhouseCpu = 0;
        long completedAtEnd = -1;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            try {
                if (seconds == 0 && clickhouse.queryLong(raw) >= inputPoints) {
                    seconds = (System.nanoTime() - start) / 1e9;
                    jvmCpu = processCpuSeconds() - jvmCpuStart;
                    clickhouseCpu = procCpuSeconds(clickhousePid) - clickhouseCpuStart;
                }
            } catch (dev.fathom.storage.clickhouse.ClickHouseException e) {
                continue; // a kept-alive connection the server closed; ask again
            }
            try {
                JsonNode jobInfo = get(http, restPort, "/jobs/" + job.getJobID());
                for (JsonNode v : jobInfo.path("vertices")) {
                    if (v.path("name").asText().contains("counter-deltas")) {
                        counterVertex = v.path("id").asText();
                    }
                }
                JsonNode cps = get(http, restPort, "/jobs/" + job.getJobID() + "/checkpoints");
                long completed = cps.path("counts").path("completed").asLong();
                if (completed > 0) {
                    lastCheckpoints = cps;
                    long id = cps.path("latest").path("completed").path("id").asLong();
                    lastDetails = get(http, restPort, "/jobs/" + job.getJobID() + "/checkpoints/details/" + id);
                }
                if (seconds > 0 && completedAtEnd < 0) {
                    completedAtEnd = completed;
                }
                if (completedAtEnd >= 0 && completed >= completedAtEnd + 2) {
                    break;
                }
            } catch (Exception notYet) {
                // the REST endpoint comes up with the job; try again
            }
        }
        job.cancel().get();
        String status = seconds > 0 ? "all input points stored" : "TIMED OUT";
        long stored = clickhouse.queryLong("SELECT count() FROM points");
        long series = clickhouse.queryLong("SELECT uniqExact(series_id) FROM points WHERE metric NOT LIKE '%.delta' AND metric NOT LIKE '%.rate'");
        // Only cumulative series keep state in counter-deltas (gauges pass through): one .delta series each.
        long counterSeries = clickhouse.queryLong("SELECT uniqExact(series_id) FROM points WHERE metric LIKE '%.delta'");

        System.out.printf(Locale.ROOT, "%n=== stream-jobs benchmark (%d cores available, parallelism %d, cost %s, anomalies %s,"
                        + " checkpoint every %d ms, load average %s) ===%n",
                Runtime.getRuntime().availableProcessors(), parallelism, cost, anomalies, checkpointMs, loadAverage());
        System.out.printf(Locale.ROOT, "job status                 %s%n", status);
        System.out.printf(Locale.ROOT, "input                      %d records, %d points (%d per record), %.1f MB OTLP%n",
                hosts * steps, inputPoints, 64, bytes / 1e6);
        System.out.printf(Locale.ROOT, "rows in points             %d (input + counter deltas and rates)%n", stored);
        System.out.printf(Locale.ROOT, "wall time                  %.1f s (job submission until every input point is in ClickHouse)%n", seconds);
        System.out.printf(Locale.ROOT, "throughput                 %.0f input points/s, %.0f stored rows/s%n", inputPoints / seconds, stored / seconds);
        System.out.printf(Locale.ROOT, "cpu per million points      %.1f s this JVM (Kafka broker + Flink), %.1f s ClickHouse server%n",
                jvmCpu / inputPoints * 1e6, clickhouseCpu / inputPoints * 1e6);
        if (lastCheckpoints != null) {
            JsonNode e2e = lastCheckpoints.path("summary").path("end_to_end_duration");
            System.out.printf(Locale.ROOT, "checkpoints                %d completed, duration avg %s ms, max %s ms%n",
                    lastCheckpoints.path("counts").path("completed").asLong(), e2e.path("avg").asText(), e2e.path("max").asText());
            System.out.printf(Locale.ROOT, "last checkpoint            %d bytes of state%n",
                    lastCheckpoints.path("latest").path("completed").path("state_size").asLong(
                            lastCheckpoints.path("latest").path("completed").path("checkpointed_size").asLong()));
        }
        if (lastDetails != null && counterVertex != null) {
            JsonNode task = lastDetails.path("tasks").path(counterVertex);
            long size = task.path("state_size").asLong(task.path("checkpointed_size").asLong());
            System.out.printf(Locale.ROOT, "counter-delta state        %d bytes for %d counter series (of %d series) = %.0f bytes per counter series"
                    + " (idle checkpoint: keyed state only)%n", size, counterSeries, series, counterSeries == 0 ? 0.0 : (double) size / counterSeries);
        }
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** User + system CPU of another process, from /proc/PID/stat (clock ticks of 1/100 s). */
    private static double procCpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}
