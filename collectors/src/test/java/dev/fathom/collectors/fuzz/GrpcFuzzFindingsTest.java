package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fathom.collectors.receiver.OtlpReceiver;
import dev.fathom.collectors.receiver.ReceiverSettings;
import io.grpc.CallOptions;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The OTLP/gRPC messages the fuzz test found, kept as plain regression tests. */
class GrpcFuzzFindingsTest {

    /**
     * The marshaller threw INTERNAL for compressed data that does not decompress; grpc-java turned
     * it into UNKNOWN "Application error processing RPC" and logged a stack trace.
     */
    @Test
    void aMessageThatIsNotTheGzipItClaimsIsInvalidArgumentWithAReason() throws Exception {
        Status status = export("not gzip at all".getBytes(StandardCharsets.UTF_8), true);

        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(status.getDescription()).startsWith("cannot read the request message: Not in GZIP format");
    }

    /** A gzip message past the limit once decompressed: RESOURCE_EXHAUSTED, not UNKNOWN. */
    @Test
    void aGzipMessageTooLargeOnceDecompressedIsResourceExhausted() throws Exception {
        Status status = export(new byte[(4 << 20) + 1], false);

        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("exceeds maximum size");
    }

    /** Sends the message gzip-compressed by gRPC, or (lying) marked gzip but sent as it is. */
    private static Status export(byte[] message, boolean lie) throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(-1, 0)
                .withLimits(1 << 20, 4 << 20), request -> CompletableFuture.completedFuture(null))) {
            NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext();
            if (lie) {
                CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
                registry.register(new Codec() {
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
                builder.compressorRegistry(registry);
            }
            ManagedChannel channel = builder.build();
            try {
                StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                        () -> ClientCalls.blockingUnaryCall(channel, OtlpGrpcReceiverFuzzTest.EXPORT,
                                CallOptions.DEFAULT.withCompression("gzip").withDeadlineAfter(30, TimeUnit.SECONDS), message));
                assertThat(error).as("the export was refused").isNotNull();
                return error.getStatus();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
