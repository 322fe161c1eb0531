package dev.fathom.collectors.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The standalone receiver ({@code fathom otlp-receiver}) through a broker outage: the real
 * embedded broker (deploy/local's {@link LocalKafkaBroker}, the one {@code KafkaExtension} runs) is
 * stopped while SDK-encoded requests keep arriving, then started again on the same data and port.
 * Every request is answered 200 from the spool, and every one reaches the topic exactly once
 * after dropping repeats of a spool sequence, in the order it was pushed.
 */
class OtlpReceiverOutageTest {

    private static final String TOPIC = "otlp_receiver_outage";

    @TempDir
    Path dir;

    @Test
    void everyRequestPushedDuringAnOutageArrivesExactlyOnceInOrder() throws Exception {
        int kafkaPort = FreePorts.pick();
        Path brokerDir = dir.resolve("kafka");
        LocalKafkaBroker broker = LocalKafkaBroker.start(brokerDir, kafkaPort);
        OtlpReceiverCommand command = new OtlpReceiverCommand();
        StringWriter err = new StringWriter();
        try {
            broker.createTopics(1, List.of(TOPIC));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(command)
                    .setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true))
                    .execute("--bootstrap-servers", broker.bootstrapServers(), "--topic", TOPIC, "--host", "127.0.0.1",
                            "--http-port", "0", "--grpc-port", "-1", "--delivery-timeout", "PT3S",
                            "--spool-dir", dir.resolve("spool").toString()));
            await().atMost(Duration.ofSeconds(30)).until(() -> command.running != null || exit.isDone());
            assertThat(command.running).as(err.toString()).isNotNull();
            int port = command.running.httpPort();

            List<String> pushed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pushed.add(push(port, "before-" + i));
            }
            broker.close();
            // While the broker is away: accepted into the spool, answered 200 at once.
            long outageStart = System.nanoTime();
            for (int i = 0; System.nanoTime() - outageStart < TimeUnit.SECONDS.toNanos(6); i++) {
                pushed.add(push(port, "during-" + i));
                TimeUnit.MILLISECONDS.sleep(100);
            }
            LocalKafkaBroker restarted = LocalKafkaBroker.start(brokerDir, kafkaPort);
            try {
                for (int i = 0; i < 5; i++) {
                    pushed.add(push(port, "after-" + i));
                }
                List<String> delivered = readDistinctHosts(restarted.bootstrapServers(), pushed.size());
                // Exactly once after dropping repeated spool sequences, in the order pushed.
                assertThat(delivered).containsExactlyElementsOf(pushed);
                assertThat(pushed.stream().filter(h -> h.startsWith("during-")).count()).isGreaterThan(20);
            } finally {
                command.stop.countDown();
                assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
                restarted.close();
            }
        } finally {
            command.stop.countDown();
            broker.close();
        }
    }

    /** Pushes one request of the SDK's metrics under this host name; it must be answered 200. */
    private static String push(int port, String host) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(OtlpReceiverBadInputTest.validRequestFor(host))).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as("push of %s", host).isEqualTo(200);
        return host;
    }

    /** The host of each record in topic order, repeats of a spool sequence dropped. */
    private static List<String> readDistinctHosts(String bootstrapServers, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Set<String> seen = new HashSet<>();
        Map<String, String> hosts = new LinkedHashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            while (hosts.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header spool = record.headers().lastHeader("fathom.spool.id");
                    Header sequence = record.headers().lastHeader("fathom.spool.sequence");
                    String identity = new String(spool.value(), StandardCharsets.UTF_8) + "#"
                            + ByteBuffer.wrap(sequence.value()).getLong();
                    if (seen.add(identity)) {
                        hosts.put(identity, SdkMetrics.host(ExportMetricsServiceRequest.parseFrom(record.value())));
                    }
                }
            }
        }
        return new ArrayList<>(hosts.values());
    }
}
