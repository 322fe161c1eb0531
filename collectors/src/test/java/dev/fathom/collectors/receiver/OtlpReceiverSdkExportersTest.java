package dev.fathom.collectors.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.TopicReader;
import dev.fathom.collectors.TopicReader.OtlpRecord;
import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.collectors.export.SpooledOtlpSink;
import dev.fathom.local.junit.KafkaExtension;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real OpenTelemetry Java SDK exporters push into the receivers; the requests are read back
 * from the embedded Kafka broker and decoded as the stream jobs will.
 */
class OtlpReceiverSdkExportersTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    private static final String TOPIC = "otlp_receiver_sdk";
    private static final String TOKEN = "s3cret-token";
    private static KafkaMetricExporter transport;
    private static Path spoolDir;
    private static SpooledOtlpSink sink;
    private static OtlpReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        kafka.createTopics(1, TOPIC);
        spoolDir = Files.createTempDirectory("otlp-receiver-spool");
        transport = KafkaMetricExporter.builder().bootstrapServers(kafka.bootstrapServers()).topic(TOPIC)
                .spool(spoolDir, 64L << 20).build();
        sink = new SpooledOtlpSink(transport, 0.9, Duration.ofSeconds(5));
        receiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, 0).withBearerToken(TOKEN), sink);
    }

    @AfterAll
    static void stop() {
        receiver.close();
        transport.shutdown();
    }

    private static String httpEndpoint() {
        return "http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics";
    }

    private static CompletableResultCode export(MetricExporter exporter, String host, long count) {
        try (exporter) {
            return exporter.export(SdkMetrics.of(host, count)).join(30, TimeUnit.SECONDS);
        }
    }

    private static ExportMetricsServiceRequest readBack(String host) throws Exception {
        List<OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                got -> got.stream().anyMatch(r -> SdkMetrics.host(r.request()).equals(host)), Duration.ofSeconds(30));
        return records.stream().map(OtlpRecord::request).filter(r -> SdkMetrics.host(r).equals(host)).findFirst().orElseThrow();
    }

    private static void assertTheSdkMetrics(ExportMetricsServiceRequest request, long count) {
        assertThat(SdkMetrics.metric(request, "test.requests").orElseThrow().getSum().getDataPoints(0).getAsInt()).isEqualTo(count);
        assertThat(SdkMetrics.metric(request, "test.temperature").orElseThrow().getGauge().getDataPoints(0).getAsDouble()).isEqualTo(71.5);
        var histogram = SdkMetrics.metric(request, "test.latency").orElseThrow().getHistogram().getDataPoints(0);
        assertThat(histogram.getCount()).isEqualTo(2);
        assertThat(histogram.getSum()).isEqualTo(3.25);
    }

    @Test
    void httpProtobufWithGzipReachesKafka() throws Exception {
        CompletableResultCode result = export(OtlpHttpMetricExporter.builder().setEndpoint(httpEndpoint())
                .addHeader("Authorization", "Bearer " + TOKEN).setCompression("gzip").build(), "http-proto", 7);
        assertThat(result.isSuccess()).isTrue();
        ExportMetricsServiceRequest request = readBack("http-proto");
        assertTheSdkMetrics(request, 7);
    }

    @Test
    void httpJsonReachesKafka() throws Exception {
        OtlpHttpMetricExporterBuilder builder = OtlpHttpMetricExporter.builder().setEndpoint(httpEndpoint())
                .addHeader("Authorization", "Bearer " + TOKEN);
        // The SDK can send OTLP/JSON but keeps the switch package-private; flip it as its own tests do.
        Method exportAsJson = OtlpHttpMetricExporterBuilder.class.getDeclaredMethod("exportAsJson");
        exportAsJson.setAccessible(true);
        exportAsJson.invoke(builder);
        CompletableResultCode result = export(builder.build(), "http-json", 11);
        assertThat(result.isSuccess()).isTrue();
        assertTheSdkMetrics(readBack("http-json"), 11);
    }

    @Test
    void grpcWithGzipReachesKafka() throws Exception {
        CompletableResultCode result = export(OtlpGrpcMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + receiver.grpcPort())
                .addHeader("Authorization", "Bearer " + TOKEN).setCompression("gzip").build(), "grpc", 13);
        assertThat(result.isSuccess()).isTrue();
        ExportMetricsServiceRequest request = readBack("grpc");
        assertTheSdkMetrics(request, 13);
        assertThat(receiver.counters().acceptedPoints()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void badRequestsBetweenGoodOnesLoseNoGoodOne() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] body = i % 2 == 0 ? OtlpReceiverBadInputTest.validRequestFor("mixed-" + i) : "garbage".getBytes();
            var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(httpEndpoint()))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-protobuf")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            statuses.add(response.statusCode());
        }
        assertThat(statuses).containsExactly(200, 400, 200, 400, 200, 400);
        for (String host : List.of("mixed-0", "mixed-2", "mixed-4")) {
            assertThat(SdkMetrics.host(readBack(host))).isEqualTo(host);
        }
    }

    @Test
    void closeAnswersRequestsInFlightThenFreesThePorts() throws Exception {
        OtlpReceiver own = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, 0), sink);
        int httpPort = own.httpPort();
        int grpcPort = own.grpcPort();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<Integer>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/v1/metrics"))
                            .header("Content-Type", "application/x-protobuf")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(OtlpReceiverBadInputTest.validRequestFor("drain-" + i))).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding()).thenApply(java.net.http.HttpResponse::statusCode)
                    .exceptionally(e -> -1));
        }
        while (own.counters().acceptedRequests() == 0) {
            Thread.sleep(1);
        }
        own.close();

        List<String> answered = new java.util.ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            int status = answers.get(i).get(30, TimeUnit.SECONDS);
            assertThat(status).as("request %d: answered 200 or refused before it was read", i).isIn(200, -1, 503);
            if (status == 200) {
                answered.add("drain-" + i);
            }
        }
        assertThat(answered).isNotEmpty();
        assertThat(own.counters().acceptedRequests()).isEqualTo(answered.size());
        // Everything answered 200 is on the topic.
        List<OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                got -> got.stream().map(r -> SdkMetrics.host(r.request())).collect(java.util.stream.Collectors.toSet()).containsAll(answered),
                Duration.ofSeconds(30));
        assertThat(records).isNotEmpty();
        for (int port : new int[] {httpPort, grpcPort}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close())
                    .as("port %d is closed", port).isInstanceOf(java.net.ConnectException.class);
        }
    }

    @Test
    void exportersWithoutTheRightTokenAreRefused() {
        long refusedBefore = receiver.counters().refused().getOrDefault("unauthorized", 0L);
        assertThat(export(OtlpHttpMetricExporter.builder().setEndpoint(httpEndpoint()).setRetryPolicy(null).build(),
                "no-token", 1).isSuccess()).isFalse();
        assertThat(export(OtlpHttpMetricExporter.builder().setEndpoint(httpEndpoint()).setRetryPolicy(null)
                .addHeader("Authorization", "Bearer wrong").build(), "wrong-token", 1).isSuccess()).isFalse();
        assertThat(export(OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + receiver.grpcPort())
                .setRetryPolicy(null).addHeader("Authorization", "Bearer wrong").build(), "wrong-token-grpc", 1).isSuccess()).isFalse();
        assertThat(receiver.counters().refused().get("unauthorized")).isEqualTo(refusedBefore + 3);
    }
}
