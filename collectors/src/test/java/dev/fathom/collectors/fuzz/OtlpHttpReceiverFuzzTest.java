package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.reading.ReadingsToMetrics;
import dev.fathom.collectors.receiver.OtlpReceiver;
import dev.fathom.collectors.receiver.ReceiverSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The OTLP/HTTP receiver, end to end over HTTP, on mutated and generated bodies (protobuf and
 * JSON, plain and gzip). Seeds are what the real SDK marshaller writes for the readings of the
 * real nvidia-smi captures, plus an SDK histogram. Every answer is 200 (and the sink got exactly
 * the request) or 400/413 with a google.rpc.Status whose message says what is wrong; never a 5xx,
 * a dropped connection or a hang. A request is accepted or refused whole: OTLP/HTTP has no
 * partial success for a body that does not decode. One keep-alive HTTP/1.1 connection carries the
 * cases, as an exporter's does, and no answer closes it (every body here is under twice the limit,
 * which the receiver reads to the end even when it refuses).
 */
class OtlpHttpReceiverFuzzTest {

    static final List<byte[]> PROTOBUF = new ArrayList<>();
    static final List<byte[]> JSON = new ArrayList<>();
    static final List<String> JSON_TOKENS = List.of("{", "}", "[", "]", "\"resourceMetrics\":", "\"scopeMetrics\":",
            "\"metrics\":", "\"gauge\":", "\"sum\":", "\"histogram\":", "\"dataPoints\":", "\"asDouble\":", "\"asInt\":",
            "\"timeUnixNano\":", "\"attributes\":", "\"stringValue\":", "\"intValue\":\"9223372036854775808\"",
            "\"explicitBounds\":[NaN]", "\"bucketCounts\":[\"-1\"]", "\"aggregationTemporality\":7", "null", ",", ":");

    private static OtlpReceiver receiver;
    private static final AtomicReference<ExportMetricsServiceRequest> received = new AtomicReference<>();
    /** HTTP/1.1 as OTLP exporters speak it (the JDK client's default HTTP/2 asks for an h2c upgrade on every request). */
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Over the 1 MiB request limit and under twice it: read and refused with 413, the connection kept. */
    private static final byte[] OVER_THE_LIMIT = new byte[(1 << 20) + (1 << 19)];
    private static URI endpoint;

    @BeforeContainer
    static void start() throws IOException {
        for (byte[] capture : NvidiaSmiFuzzTest.CAPTURES) {
            var readings = NvidiaSmiCaptureFile.readings(new String(capture, StandardCharsets.UTF_8), "load");
            Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("host.name"), "fuzz-host"));
            add(ReadingsToMetrics.convert(resource, readings, 1_700_000_000_000_000_000L, 1_700_000_060_000_000_000L));
        }
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            var histogram = provider.get("fuzz").histogramBuilder("rpc.server.duration").setUnit("ms").build();
            for (int i = 0; i < 50; i++) {
                histogram.record(i * 3.7, Attributes.of(AttributeKey.stringKey("rpc.method"), "m" + i % 3));
            }
            provider.get("fuzz").counterBuilder("requests").build().add(7);
            add(reader.collectAllMetrics());
        }
        receiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, -1)
                .withLimits(1 << 20, 4 << 20), request -> {
                    received.set(request);
                    return CompletableFuture.completedFuture(null);
                });
        endpoint = URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics");
    }

    @AfterContainer
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Property
    void protobufBodiesAreTakenWholeOrRefusedWithAReason(@ForAll("protobufInputs") byte[] body, @ForAll boolean gzip) {
        ExportMetricsServiceRequest expected;
        try {
            expected = ExportMetricsServiceRequest.parseFrom(body);
        } catch (IOException | RuntimeException e) {
            expected = null;
        }
        int status = post(body, "application/x-protobuf", gzip);
        if (expected != null) {
            assertThat(status).as("a body protobuf reads is accepted").isEqualTo(200);
            if (expected.getResourceMetricsCount() > 0) {
                assertThat(received.get()).isEqualTo(expected);
            }
        }
    }

    @Property
    void jsonBodiesAreTakenWholeOrRefusedWithAReason(@ForAll("jsonInputs") byte[] body, @ForAll boolean gzip) {
        post(body, "application/json", gzip);
    }

    /** Posts the body and checks the answer's shape; returns the status. */
    private static int post(byte[] body, String type, boolean gzip) {
        received.set(null);
        byte[] sent = gzip ? gzip(body) : body;
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMillis(FuzzRun.CASE_LIMIT_MS)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sent));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = FuzzRun.parse(body,
                () -> http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()), null).value();
        int status = response.statusCode();
        // Descriptions are built only on failure: FuzzRun.show formats up to 600 bytes, wasted on a passing case.
        assertThat(status).as(() -> "answer to " + FuzzRun.show(body)).isIn(200, 400, 413);
        assertThat(response.headers().firstValue("Connection")).as(() -> "connection after " + FuzzRun.show(body)).isEmpty();
        if (status != 200) {
            String message = message(type, response.body());
            assertThat(message).as(() -> "refusal of " + FuzzRun.show(body)).isNotBlank()
                    .doesNotContain("(null)").hasSizeLessThan(1_000);
        }
        return status;
    }

    private static String message(String type, byte[] body) {
        try {
            if (type.equals("application/json")) {
                Status.Builder status = Status.newBuilder();
                com.google.protobuf.util.JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), status);
                return status.getMessage();
            }
            return Status.parseFrom(body).getMessage();
        } catch (IOException e) {
            throw new AssertionError("the refusal is not a google.rpc.Status: " + FuzzRun.show(body), e);
        }
    }

    @Provide
    Arbitrary<byte[]> protobufInputs() {
        return Mutations.inputs(PROTOBUF, List.of("\n", "\u0012", "\u001a", "\u0008\u0001", "\u00ff\u00ff\u00ff\u00ff\u000f"),
                List.of(nestedProtobuf(200), nestedProtobuf(20_000), OVER_THE_LIMIT));
    }

    @Provide
    Arbitrary<byte[]> jsonInputs() {
        return Mutations.inputs(JSON, JSON_TOKENS, List.of(OVER_THE_LIMIT, Bombs.jsonDeep(100_000), Bombs.jsonDeepObjects("resourceMetrics", 20_000),
                Mutations.utf8("{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"k\",\"value\":"
                        + "{\"arrayValue\":{\"values\":[".repeat(5_000) + "]}}".repeat(5_000) + "}]}}]}")));
    }

    /** A length-delimited field 1 nested {@code depth} times: recursion bait for the protobuf reader. */
    private static byte[] nestedProtobuf(int depth) {
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x0a);
            int length = inner.length;
            while (length >= 0x80) {
                out.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            out.write(length);
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        return inner;
    }

    private static void add(Collection<MetricData> metrics) {
        MetricsRequestMarshaler marshaler = MetricsRequestMarshaler.create(metrics);
        try {
            ByteArrayOutputStream binary = new ByteArrayOutputStream();
            marshaler.writeBinaryTo(binary);
            PROTOBUF.add(binary.toByteArray());
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            marshaler.writeJsonTo(json);
            JSON.add(json.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
