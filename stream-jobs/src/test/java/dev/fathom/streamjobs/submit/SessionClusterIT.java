package dev.fathom.streamjobs.submit;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.doublePoint;
import static dev.fathom.streamjobs.OtlpRequests.gauge;
import static dev.fathom.streamjobs.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.KafkaExtension;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real Flink session cluster: deploy/flink/session-cluster.sh starts the
 * JobManager and TaskManager JVMs from Maven's Flink jars, submits the jar through the REST API
 * ({@link SubmitJobCommand}), and the job moves OTLP records from Kafka into ClickHouse.
 */
class SessionClusterIT {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    @RegisterExtension
    static final ClickHouseExtension clickhouseServer = new ClickHouseExtension();

    static final Path SCRIPT = Path.of("../deploy/flink/session-cluster.sh").toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void theJobJarRunsUnchangedOnASessionCluster() throws Exception {
        kafka.createTopics(1, Topics.OTLP_METRICS);
        int records = 20;
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(Topics.OTLP_METRICS, request(List.of(attr("host.name", "n" + i)),
                        gauge("gpu.power.draw", "W", doublePoint(1_764_417_600_000L + i, i), doublePoint(1_764_417_601_000L + i, i))).toByteArray()));
            }
        }
        ClickHouseHttp clickhouse = new ClickHouseHttp(clickhouseServer.httpUrl(), "session_it");
        new Migrator(clickhouse).migrate();

        int restPort = freePort();
        Map<String, String> env = Map.of("FLINK_SESSION_DIR", work.toString(), "FLINK_REST_PORT", Integer.toString(restPort),
                "FLINK_RPC_PORT", Integer.toString(freePort()), "FLINK_TM_RPC_PORT", Integer.toString(freePort()));
        try {
            assertThat(script(env, List.of("start"), 180)).contains("Flink session cluster ready");
            String submitted = script(env, List.of("submit", "--", "--bootstrap-servers", kafka.bootstrapServers(),
                    "--clickhouse-url", clickhouseServer.httpUrl(), "--database", "session_it", "--bounded", "true",
                    "--migrate", "false", "--checkpoint-interval-ms", "1000", "--group-id", "session-it"), 120);
            Matcher id = Pattern.compile("as job ([0-9a-f]{32})").matcher(submitted);
            assertThat(id.find()).as(submitted).isTrue();

            FlinkRestClient rest = new FlinkRestClient("http://127.0.0.1:" + restPort);
            String state = "";
            for (int i = 0; i < 240 && !List.of("FINISHED", "FAILED", "CANCELED").contains(state); i++) {
                Thread.sleep(500);
                state = rest.jobState(id.group(1));
            }
            assertThat(state).as("job state; logs in %s", work.resolve("log")).isEqualTo("FINISHED");
            assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(2L * records);
        } finally {
            script(env, List.of("stop"), 60);
        }
        assertThat(work.resolve("jobmanager.pid")).doesNotExist();
        assertThat(work.resolve("taskmanager.pid")).doesNotExist();
    }

    @Test
    void badInputIsExitCode2AndAnUnreachableClusterIs1() throws Exception {
        var out = new java.io.StringWriter();
        var cmd = new picocli.CommandLine(new SubmitJobCommand()).setErr(new java.io.PrintWriter(out));
        assertThat(cmd.execute("--flink-rest", "not a url")).isEqualTo(2);
        assertThat(out.toString()).contains("--flink-rest must be an http(s) URL");
        Path jar = Files.createFile(work.resolve("fathom-stream-jobs-x-job.jar"));
        assertThat(cmd.execute("--flink-rest", "http://127.0.0.1:" + freePort(), "--jar", jar.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("unreachable");
    }

    private static String script(Map<String, String> env, List<String> args, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("session-cluster.sh " + args + " did not finish in " + timeoutSeconds + " s");
        }
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("session-cluster.sh %s: %s", args, output).isZero();
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
