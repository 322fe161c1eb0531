package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.reading.ReadingsToMetrics;
import dev.fathom.collectors.receiver.OtlpReceiver;
import dev.fathom.collectors.receiver.ReceiverSettings;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import io.grpc.CallOptions;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The OTLP/gRPC receiver, end to end over a real gRPC channel, on mutated and generated
 * ExportMetricsServiceRequest messages: sent plain, gzip-compressed by gRPC, or as bytes that
 * claim to be gzip and are not. Seeds are what the real SDK marshaller writes for the readings of
 * the real nvidia-smi captures, plus an SDK histogram. A message protobuf reads is accepted (OK,
 * and the sink got exactly it); anything else is INVALID_ARGUMENT, or RESOURCE_EXHAUSTED past the
 * size limit, with a message saying what is wrong; never INTERNAL, UNKNOWN, a stack trace or a hang.
 */
class OtlpGrpcReceiverFuzzTest {

    static final List<byte[]> PROTOBUF = new ArrayList<>();
    static final int LIMIT = 4 << 20;

    /** How a message travels. */
    enum Encoding { IDENTITY, GZIP, CLAIMS_GZIP }

    private static OtlpReceiver receiver;
    private static ManagedChannel plain;
    /** A channel whose "gzip" compressor writes the bytes unchanged: a broken client's corrupt compressed message. */
    private static ManagedChannel fakeGzip;
    private static final AtomicReference<ExportMetricsServiceRequest> received = new AtomicReference<>();

    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
    static final MethodDescriptor<byte[], byte[]> EXPORT = MetricsServiceGrpc.getExportMethod().toBuilder(RAW, RAW).build();

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
        receiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(-1, 0)
                .withLimits(1 << 20, LIMIT), request -> {
                    received.set(request);
                    return CompletableFuture.completedFuture(null);
                });
        plain = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
        CompressorRegistry lying = CompressorRegistry.newEmptyInstance();
        lying.register(new Codec() {
            @Override
            public String getMessageEncoding() {
                return "gzip";
            }

            @Override
            public OutputStream compress(OutputStream os) {
                return os;
            }

            @Override
            public InputStream decompress(InputStream is) {
                return is;
            }
        });
        fakeGzip = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().compressorRegistry(lying).build();
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        for (ManagedChannel channel : new ManagedChannel[] {plain, fakeGzip}) {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Property
    void messagesAreTakenWholeOrRefusedWithAReason(@ForAll("protobufInputs") byte[] message, @ForAll Encoding encoding) {
        ExportMetricsServiceRequest expected;
        try {
            expected = message.length > LIMIT ? null : ExportMetricsServiceRequest.parseFrom(message);
        } catch (IOException | RuntimeException e) {
            expected = null;
        }
        received.set(null);
        Status status = FuzzRun.parse(message, () -> export(message, encoding), null).value();
        assertThat(status.getCode()).as("answer to %s sent %s: %s", FuzzRun.show(message), encoding, status)
                .isIn(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
        if (status.isOk()) {
            if (encoding != Encoding.CLAIMS_GZIP) {
                assertThat(expected).as("accepted %s, which protobuf does not read", FuzzRun.show(message)).isNotNull();
                if (expected.getResourceMetricsCount() > 0) {
                    assertThat(received.get()).isEqualTo(expected);
                }
            }
            return;
        }
        assertThat(status.getDescription()).as("refusal of %s sent %s", FuzzRun.show(message), encoding)
                .isNotBlank().doesNotContain("\tat ").doesNotContain("Exception:");
        if (encoding != Encoding.CLAIMS_GZIP && expected != null) {
            throw new AssertionError("refused a request protobuf reads (" + status + "): " + FuzzRun.show(message));
        }
    }

    /** Sends the message as Export and returns the answer's status. */
    private static Status export(byte[] message, Encoding encoding) {
        CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(FuzzRun.CASE_LIMIT_MS, TimeUnit.MILLISECONDS);
        ManagedChannel channel = encoding == Encoding.CLAIMS_GZIP ? fakeGzip : plain;
        if (encoding != Encoding.IDENTITY) {
            options = options.withCompression("gzip");
        }
        try {
            ClientCalls.blockingUnaryCall(channel, EXPORT, options, message);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    @Provide
    Arbitrary<byte[]> protobufInputs() {
        List<byte[]> bombs = new ArrayList<>(PROTOBUF);
        bombs.add(nested(200));
        bombs.add(nested(20_000));
        bombs.add(new byte[LIMIT + 1]); // past the size limit, and gzip shrinks it to almost nothing
        bombs.add(gzip(PROTOBUF.get(0))); // a gzip stream inside the (possibly gzip) message
        return Mutations.inputs(PROTOBUF, List.of("\n", "\u0012", "\u001a", "\u0008\u0001", "\u00ff\u00ff\u00ff\u00ff\u000f",
                "\u001f\u008b\u0008\u0000"), bombs);
    }

    /** A length-delimited field 1 nested {@code depth} times: recursion bait for the protobuf reader. */
    private static byte[] nested(int depth) {
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
        try {
            ByteArrayOutputStream binary = new ByteArrayOutputStream();
            MetricsRequestMarshaler.create(metrics).writeBinaryTo(binary);
            PROTOBUF.add(binary.toByteArray());
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
