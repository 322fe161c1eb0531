package dev.fathom.collectors.receiver;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/gRPC {@code MetricsService/Export}. Answers OK once the sink has the request;
 * RESOURCE_EXHAUSTED (with RetryInfo, which OTLP clients need to retry it) when the sink is full,
 * UNAVAILABLE when it cannot reach Kafka, INVALID_ARGUMENT for a request too large for it.
 * A message that is not a protobuf request is INVALID_ARGUMENT: the method takes raw bytes and
 * parses them here, because grpc-java answers anything its marshaller throws with UNKNOWN
 * ("Application error processing RPC") and logs a stack trace. For the same reason the marshaller
 * throws nothing: a message it cannot read (compressed data that does not decompress) becomes
 * INVALID_ARGUMENT, one larger than the limit once decompressed RESOURCE_EXHAUSTED, both answered
 * in {@link #export}. Oversized messages as sent are refused by gRPC itself as RESOURCE_EXHAUSTED.
 */
final class OtlpGrpcService {

    private static final Logger log = LoggerFactory.getLogger(OtlpGrpcService.class);

    private final ReceiverSettings settings;
    private final OtlpSink sink;
    private final ReceiverCounters counters;

    OtlpGrpcService(ReceiverSettings settings, OtlpSink sink, ReceiverCounters counters) {
        this.settings = settings;
        this.sink = sink;
        this.counters = counters;
    }

    /** The request message as read off the wire, or the status that says why it could not be read. */
    record WireMessage(byte[] bytes, Status unreadable) {}

    /** MetricsService with Export taking the request as bytes. */
    ServerServiceDefinition definition() {
        MethodDescriptor<WireMessage, ExportMetricsServiceResponse> export = MetricsServiceGrpc.getExportMethod()
                .toBuilder(RAW_BYTES, ProtoUtils.marshaller(ExportMetricsServiceResponse.getDefaultInstance()))
                .build();
        return ServerServiceDefinition.builder(MetricsServiceGrpc.SERVICE_NAME)
                .addMethod(export, ServerCalls.asyncUnaryCall(this::export))
                .build();
    }

    private static final MethodDescriptor.Marshaller<WireMessage> RAW_BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(WireMessage value) {
            return new ByteArrayInputStream(value.bytes());
        }

        @Override
        public WireMessage parse(InputStream stream) {
            try {
                return new WireMessage(stream.readAllBytes(), null);
            } catch (IOException e) {
                // Decompression failed: the client's data, not this server, is broken.
                return new WireMessage(null, Status.INVALID_ARGUMENT.withDescription("cannot read the request message: "
                        + e.getMessage() + " (is it compressed as its grpc-encoding says?)"));
            } catch (StatusRuntimeException e) {
                // gRPC's size-enforcing stream: RESOURCE_EXHAUSTED once the decompressed message passes the limit.
                return new WireMessage(null, e.getStatus());
            }
        }
    };

    void export(WireMessage message, StreamObserver<ExportMetricsServiceResponse> responses) {
        if (message.unreadable() != null) {
            counters.refused(message.unreadable().getCode() == Status.Code.RESOURCE_EXHAUSTED ? "too_large" : "bad_request");
            responses.onError(message.unreadable().asRuntimeException());
            return;
        }
        byte[] bytes = message.bytes();
        ExportMetricsServiceRequest request;
        try {
            request = OtlpRequestDecoder.protobuf(bytes);
        } catch (BadRequestException e) {
            counters.refused("bad_request");
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (request.getResourceMetricsCount() == 0) {
            // Nothing to store: an empty Kafka record would only cost the readers.
            counters.accepted(request);
            responses.onNext(ExportMetricsServiceResponse.getDefaultInstance());
            responses.onCompleted();
            return;
        }
        sink.send(request).whenComplete((ok, error) -> {
            if (error == null) {
                counters.accepted(request);
                responses.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                responses.onCompleted();
                return;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            SinkRejectedException rejected = cause instanceof SinkRejectedException r ? r
                    : new SinkRejectedException(SinkRejectedException.Kind.UNAVAILABLE, String.valueOf(cause.getMessage()),
                            settings.retryAfter(), cause);
            java.time.Duration wait = rejected.retryAfter() == null ? settings.retryAfter() : rejected.retryAfter();
            com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder().setMessage(rejected.getMessage());
            switch (rejected.kind()) {
                case FULL -> {
                    counters.refused("full");
                    status.setCode(Code.RESOURCE_EXHAUSTED_VALUE).addDetails(retryInfo(wait));
                }
                case TOO_LARGE -> {
                    counters.refused("too_large");
                    status.setCode(Code.INVALID_ARGUMENT_VALUE);
                }
                default -> {
                    counters.refused("unavailable");
                    status.setCode(Code.UNAVAILABLE_VALUE).addDetails(retryInfo(wait));
                    log.warn("OTLP/gRPC request refused as UNAVAILABLE: {}", rejected.getMessage());
                }
            }
            responses.onError(StatusProto.toStatusRuntimeException(status.build()));
        });
    }

    private static Any retryInfo(java.time.Duration wait) {
        return Any.pack(RetryInfo.newBuilder()
                .setRetryDelay(Duration.newBuilder().setSeconds(Math.max(1, wait.toSeconds())))
                .build());
    }

    /** Refuses calls without the bearer token as UNAUTHENTICATED before any message is read. */
    static final class BearerTokenInterceptor implements ServerInterceptor {
        private static final Metadata.Key<String> AUTHORIZATION =
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

        private final ReceiverSettings settings;
        private final ReceiverCounters counters;

        BearerTokenInterceptor(ReceiverSettings settings, ReceiverCounters counters) {
            this.settings = settings;
            this.counters = counters;
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            if (!settings.authorized(headers.get(AUTHORIZATION))) {
                counters.refused("unauthorized");
                call.close(Status.UNAUTHENTICATED.withDescription("a valid 'authorization: Bearer <token>' header is required"),
                        new Metadata());
                return new ServerCall.Listener<>() {};
            }
            return next.startCall(call, headers);
        }
    }
}
