package dev.fathom.collectors.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.security.CapturedLog;
import dev.fathom.collectors.security.SecuredTopic;
import dev.fathom.collectors.security.SecurityFixtures;
import dev.fathom.local.junit.SecuredKafkaExtension;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * {@code fathom otlp-receiver --kafka-config FILE} against a SASL_SSL (SCRAM-SHA-512) broker: what
 * it accepts reaches the topic; a client file that weakens the producer is bad input. (In this
 * package for the command's stop latch; see dev.fathom.collectors.security for the rest.)
 */
class OtlpReceiverKafkaSecurityTest {

    @RegisterExtension
    static final SecuredKafkaExtension kafka = new SecuredKafkaExtension();

    private static CapturedLog log;

    @TempDir
    Path dir;

    @BeforeAll
    static void captureLog() {
        log = new CapturedLog();
    }

    @AfterAll
    static void stopCapturing() {
        log.close();
    }

    @AfterEach
    void noSecretInTheLog() {
        SecurityFixtures.assertNoSecret(log, kafka);
    }

    @Test
    void theOtlpReceiverCommandWritesOverSaslSsl() throws Exception {
        kafka.createTopics(1, "sec_otlp");
        OtlpReceiverCommand command = new OtlpReceiverCommand();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command).setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true));
        Path clientConfig = SecurityFixtures.clientConfig(kafka, dir, kafka.password());
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "sec_otlp",
                "--kafka-config", clientConfig.toString(), "--host", "127.0.0.1",
                "--http-port", "0", "--grpc-port", "-1", "--spool-dir", dir.resolve("otlp-spool").toString()));
        Object running = awaitRunning(command, exit);
        assertThat(running).as(err.toString()).isNotNull();
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + command.running.httpPort() + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SecurityFixtures.request("otlp-host", 42))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> records = SecuredTopic.readAll(kafka, "sec_otlp", 1);
        command.stop.countDown();
        assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(records).hasSize(1);
        assertThat(ExportMetricsServiceRequest.parseFrom(records.get(0).value()).getResourceMetrics(0).getScopeMetrics(0)
                .getMetrics(0).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(42);
    }

    @Test
    void theOtlpReceiverCommandRefusesABadClientFileAsBadInput() throws Exception {
        Path weak = Files.writeString(dir.resolve("weak.properties"), "enable.idempotence=false\n");
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new OtlpReceiverCommand()).setErr(new PrintWriter(err, true)).execute(
                "--bootstrap-servers", kafka.bootstrapServers(), "--kafka-config", weak.toString(),
                "--http-port", "-1", "--grpc-port", "-1", "--no-spool");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("sets enable.idempotence=false").contains("needs enable.idempotence=true");
        exit = new CommandLine(new OtlpReceiverCommand()).setErr(new PrintWriter(err, true)).execute(
                "--kafka-config", dir.resolve("absent.properties").toString(), "--http-port", "-1", "--grpc-port", "-1");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Kafka client config " + dir.resolve("absent.properties") + " does not exist");
    }

    private static Object awaitRunning(OtlpReceiverCommand command, CompletableFuture<Integer> exit) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (command.running == null && !exit.isDone() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return command.running;
    }

    private static Object command_running(OtlpReceiverCommand command) {
        return command.running;
    }
}
