package dev.fathom.collectors.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.collectors.export.SpooledOtlpSink;
import dev.fathom.local.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the receivers answer to bad requests, and when Kafka is away. The sink points at a port
 * where no broker listens, so a request that got past every check would be refused as 503: each
 * bad-input answer below is the receiver's own.
 */
class OtlpReceiverBadInputTest {

    private static final String TOKEN = "t0ken";
    private static final int LIMIT = 256 * 1024;
    private static final int DECOMPRESSED_LIMIT = 1024 * 1024;
    private static KafkaMetricExporter deadKafka;
    private static OtlpReceiver receiver;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        // No spool: the answer waits for Kafka, which is away (the spooled case: OtlpReceiverOutageTest).
        deadKafka = KafkaMetricExporter.builder().bootstrapServers("127.0.0.1:" + FreePorts.pick()).topic("t")
                .producerProperty("max.block.ms", "300").deliveryTimeout(Duration.ofSeconds(2)).build();
        receiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, 0)
                .withBearerToken(TOKEN).withLimits(LIMIT, DECOMPRESSED_LIMIT),
                new SpooledOtlpSink(deadKafka, 0.9, Duration.ofSeconds(7)));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        deadKafka.shutdown();
    }

    static byte[] validRequest() {
        return validRequestFor("bad-input");
    }

    /** The bytes the SDK's OTLP exporters send for its metrics under this host. */
    static byte[] validRequestFor(String host) {
        MetricsRequestMarshaler marshaler = MetricsRequestMarshaler.create(SdkMetrics.of(host, 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            marshaler.writeBinaryTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> post(String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static com.google.rpc.Status status(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        return com.google.rpc.Status.parseFrom(response.body());
    }

    @Test
    void garbageAndTruncatedProtobufAre400WithAStatusBody() throws Exception {
        HttpResponse<byte[]> garbage = post("application/x-protobuf", "this is not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(status(garbage).getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(status(garbage).getMessage()).contains("not a protobuf ExportMetricsServiceRequest");

        byte[] valid = validRequest();
        HttpResponse<byte[]> truncated = post("application/x-protobuf", Arrays.copyOf(valid, valid.length - 7));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(status(truncated).getMessage()).contains("not a protobuf");
    }

    @Test
    void badJsonAndNonUtf8JsonAre400WithAJsonStatus() throws Exception {
        HttpResponse<byte[]> broken = post("application/json", "{\"resourceMetrics\": [".getBytes(StandardCharsets.UTF_8));
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new String(broken.body(), StandardCharsets.UTF_8)).contains("\"code\":3").contains("not an OTLP/JSON");

        byte[] latin1 = "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"caf\u00e9\"}}]}}]}"
                .getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<byte[]> notUtf8 = post("application/json; charset=utf-8", latin1);
        assertThat(notUtf8.statusCode()).isEqualTo(400);
        assertThat(new String(notUtf8.body(), StandardCharsets.UTF_8)).contains("not UTF-8");
    }

    @Test
    void aWrongContentTypeOrEncodingIs415() throws Exception {
        HttpResponse<byte[]> text = post("text/plain", validRequest());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(status(text).getMessage()).contains("'text/plain'");
        assertThat(post(null, validRequest()).statusCode()).isEqualTo(415);
        assertThat(post("application/x-protobuf", validRequest(), "Content-Encoding", "br").statusCode()).isEqualTo(415);
    }

    @Test
    void missingOrWrongTokenIs401() throws Exception {
        HttpResponse<byte[]> wrong = post("application/x-protobuf", validRequest(), "Authorization", "Bearer nope");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(status(wrong).getCode()).isEqualTo(Code.UNAUTHENTICATED_VALUE);
        assertThat(post("application/x-protobuf", validRequest(), "Authorization", "Basic dTpw").statusCode()).isEqualTo(401);
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        HttpResponse<String> traces = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/traces"))
                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(traces.statusCode()).isEqualTo(404);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        HttpResponse<byte[]> big = post("application/x-protobuf", new byte[LIMIT + 1]);
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(status(big).getMessage()).contains("larger than the limit of " + LIMIT);
    }

    /**
     * Closing a connection with request bytes unread makes the kernel reset it, and the reset can
     * destroy the answer before the client reads it (it did here for 1-5 % of such requests, as
     * "header parser received no bytes"). Refusals up to twice the limit therefore read the body to
     * its end first: every one is answered, and the connection stays open.
     */
    @Test
    void refusedBodiesUpToTwiceTheLimitAreAnsweredNotReset() throws Exception {
        for (int i = 0; i < 25; i++) {
            HttpResponse<byte[]> justOver = post("application/x-protobuf", new byte[LIMIT + 1]);
            assertThat(justOver.statusCode()).as("just over the limit, try %d", i).isEqualTo(413);
            assertThat(justOver.headers().firstValue("Connection")).isEmpty();
            assertThat(post("application/x-protobuf", new byte[2 * LIMIT]).statusCode()).as("twice the limit").isEqualTo(413);
            assertThat(post("application/x-protobuf", new byte[LIMIT], "Authorization", "Bearer nope").statusCode())
                    .as("a full body with the wrong token").isEqualTo(401);
            assertThat(post("text/plain", new byte[LIMIT]).statusCode()).as("a full body of the wrong type").isEqualTo(415);
        }
    }

    @Test
    void aRefusalQuotesAtMostTheStartOfTheOffendingValue() throws Exception {
        String hugeName = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"gauge\":{\"dataPoints\":[{\"asInt\":\""
                + "9".repeat(100_000) + "\"}]}}]}]}]}";
        HttpResponse<byte[]> response = post("application/json", hugeName.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body).contains("Not an int64 value").contains("more characters").hasSizeLessThan(1_000);

        // JsonFormat fails on an array where a string belongs without a message of its own.
        String arrayAsName = "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":[1,2]}]}]}]}";
        String refusal = new String(post("application/json", arrayAsName.getBytes(StandardCharsets.UTF_8)).body(), StandardCharsets.UTF_8);
        assertThat(refusal).contains("wrong JSON type").doesNotContain("(null)");
    }

    @Test
    void aDeclaredGigabyteIsRefusedWithoutReadingIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", receiver.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/metrics HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Type: application/x-protobuf\r\nContent-Length: 1073741824\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
    }

    @Test
    void aStreamedGigabyteIsCutOffAtTheLimit() throws Exception {
        AtomicLong produced = new AtomicLong();
        long gigabyte = 1L << 30;
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return produced.getAndIncrement() < gigabyte ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                long left = gigabyte - produced.get();
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                produced.addAndGet(n);
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/x-protobuf")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(413);
        } catch (IOException e) {
            // The server closed the connection after refusing; the client may see that before the answer.
        }
        assertThat(produced.get()).as("bytes the client managed to send").isLessThan(64L << 20);
        // The receiver is still there.
        assertThat(post("application/x-protobuf", new byte[] {1}).statusCode()).isEqualTo(400);
    }

    @Test
    void aGzipBombIsStoppedAtTheDecompressedLimit() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        assertThat(compressed.size()).isLessThan(LIMIT);
        HttpResponse<byte[]> bomb = post("application/x-protobuf", compressed.toByteArray(), "Content-Encoding", "gzip");
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(status(bomb).getMessage()).contains("decompressed request body is larger than the limit of " + DECOMPRESSED_LIMIT);

        HttpResponse<byte[]> notGzip = post("application/x-protobuf", validRequest(), "Content-Encoding", "gzip");
        assertThat(notGzip.statusCode()).isEqualTo(400);
        assertThat(status(notGzip).getMessage()).contains("not valid gzip");
    }

    @Test
    void kafkaAwayIs503WithRetryAfterOverHttpAndUnavailableOverGrpc() throws Exception {
        HttpResponse<byte[]> response = post("application/x-protobuf", validRequest());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(status(response).getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
        assertThat(status(response).getMessage()).contains("did not take the request");

        StatusRuntimeException error = grpcExport(ExportMetricsServiceRequest.parseFrom(validRequest()), TOKEN);
        assertThat(error.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        com.google.rpc.Status details = StatusProto.fromThrowable(error);
        assertThat(details.getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(7);
    }

    @Test
    void anEmptyRequestIsAnsweredWithoutWritingARecord() throws Exception {
        // Kafka is away here, so reaching the sink would have answered 503.
        assertThat(post("application/x-protobuf", new byte[0]).statusCode()).isEqualTo(200);
        assertThat(post("application/json", "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        var channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
            MetricsServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .export(ExportMetricsServiceRequest.getDefaultInstance());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcRefusesAWrongTokenAndAnOversizedMessage() throws Exception {
        ExportMetricsServiceRequest valid = ExportMetricsServiceRequest.parseFrom(validRequest());
        assertThat(grpcExport(valid, "nope").getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAUTHENTICATED);

        ExportMetricsServiceRequest.Builder huge = valid.toBuilder();
        var resource = huge.getResourceMetrics(0).toBuilder();
        resource.getResourceBuilder().addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("padding")
                .setValue(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue("x".repeat(DECOMPRESSED_LIMIT + 10))));
        huge.setResourceMetrics(0, resource);
        assertThat(grpcExport(huge.build(), TOKEN).getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void grpcRefusesGarbageAndTruncatedMessagesAsInvalidArgument() throws Exception {
        byte[] valid = validRequest();
        for (byte[] body : new byte[][] {"garbage \u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1), Arrays.copyOf(valid, valid.length - 7)}) {
            StatusRuntimeException error = rawGrpcExport(body);
            assertThat(error.getStatus().getCode()).as(error.toString()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(error.getStatus().getDescription()).contains("not a protobuf ExportMetricsServiceRequest");
        }
    }

    /** Sends raw bytes as the Export request, as a broken client would. */
    private static StatusRuntimeException rawGrpcExport(byte[] body) throws InterruptedException {
        io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(byte[] value) {
                return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        io.grpc.MethodDescriptor<byte[], byte[]> method = MetricsServiceGrpc.getExportMethod().toBuilder(raw, raw).build();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + TOKEN);
            io.grpc.Channel authed = io.grpc.ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
            try {
                io.grpc.stub.ClientCalls.blockingUnaryCall(authed, method, io.grpc.CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
            } catch (StatusRuntimeException e) {
                return e;
            }
            throw new AssertionError("the export was accepted");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static StatusRuntimeException grpcExport(ExportMetricsServiceRequest request, String token) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
        try {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            var stub = MetricsServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(30, TimeUnit.SECONDS);
            try {
                stub.export(request);
            } catch (StatusRuntimeException e) {
                return e;
            }
            throw new AssertionError("the export was accepted");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFullSinkIs429WithRetryAfterAndResourceExhaustedWithRetryInfo() throws Exception {
        // The Kafka sink refuses as FULL when its producer buffer stays full; any sink may, so this
        // one always does, to pin down how the receivers answer it.
        OtlpSink full = request -> CompletableFuture.failedFuture(new SinkRejectedException(
                SinkRejectedException.Kind.FULL, "buffer full", Duration.ofSeconds(3), null));
        try (OtlpReceiver fullReceiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, 0), full)) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + fullReceiver.httpPort() + "/v1/metrics"))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(validRequest())).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(429);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(com.google.rpc.Status.parseFrom(response.body()).getCode()).isEqualTo(Code.RESOURCE_EXHAUSTED_VALUE);

            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fullReceiver.grpcPort()).usePlaintext().build();
            try {
                assertThatThrownBy(() -> MetricsServiceGrpc.newBlockingStub(channel).export(ExportMetricsServiceRequest.parseFrom(validRequest())))
                        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                            assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
                            try {
                                assertThat(StatusProto.fromThrowable(e).getDetails(0).unpack(RetryInfo.class).getRetryDelay().getSeconds())
                                        .isEqualTo(3);
                            } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
                                throw new AssertionError(ex);
                            }
                        });
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
