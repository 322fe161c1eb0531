package dev.fathom.collectors.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/metrics} as OTLP/HTTP defines it. Answers, in the order they are checked:
 * 404 other paths, 405 other methods, 401 without the bearer token, 415 for a content type other
 * than application/x-protobuf or application/json or an encoding other than gzip/identity, 413
 * past the size limits (reading stops at the limit), 400 for a body that does not decode, and once
 * the sink has the request 200, or 429/503 with Retry-After when it refused. Error bodies are a
 * google.rpc.Status in the request's encoding, success an empty ExportMetricsServiceResponse.
 *
 * <p>A refused request's unread body is read and dropped first, up to twice the request limit: a
 * server that closes a connection with bytes still unread makes the kernel send a reset, which can
 * destroy the answer before the client, still sending, reads it. The exporter would then see a
 * connection error (and retry) instead of the 401 or 413 that tells it to stop. A body declared
 * longer than that is not read, nor the rest of one that goes on past it: the answer goes out and
 * the connection is closed.
 */
final class OtlpHttpHandler extends Handler.Abstract {

    static final String PATH = "/v1/metrics";
    private static final Logger log = LoggerFactory.getLogger(OtlpHttpHandler.class);
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final ReceiverSettings settings;
    private final OtlpSink sink;
    private final ReceiverCounters counters;

    OtlpHttpHandler(ReceiverSettings settings, OtlpSink sink, ReceiverCounters counters) {
        this.settings = settings;
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String contentType = mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        boolean json = OtlpRequestDecoder.JSON.equals(contentType);
        InputStream in = Content.Source.asInputStream(request);
        if (!PATH.equals(Request.getPathInContext(request))) {
            discardBody(request, response, in);
            return refuse(response, callback, json, 404, Code.NOT_FOUND, "not_found", "OTLP metrics are received at POST " + PATH);
        }
        if (!"POST".equals(request.getMethod())) {
            discardBody(request, response, in);
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            return refuse(response, callback, json, 405, Code.UNIMPLEMENTED, "method", "only POST is accepted at " + PATH);
        }
        if (!settings.authorized(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            discardBody(request, response, in);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            return refuse(response, callback, json, 401, Code.UNAUTHENTICATED, "unauthorized",
                    "a valid 'Authorization: Bearer <token>' header is required");
        }
        if (!json && !OtlpRequestDecoder.PROTOBUF.equals(contentType)) {
            discardBody(request, response, in);
            return refuse(response, callback, false, 415, Code.INVALID_ARGUMENT, "unsupported_type",
                    "Content-Type must be application/x-protobuf or application/json, was '" + contentType + "'");
        }
        String encoding = lower(request.getHeaders().get(HttpHeader.CONTENT_ENCODING));
        boolean gzip = "gzip".equals(encoding);
        if (!gzip && !encoding.isEmpty() && !"identity".equals(encoding)) {
            discardBody(request, response, in);
            return refuse(response, callback, json, 415, Code.INVALID_ARGUMENT, "unsupported_type",
                    "Content-Encoding must be gzip or none, was '" + encoding + "'");
        }
        long declared = request.getLength();
        if (declared > settings.maxRequestBytes()) {
            discardBody(request, response, in);
            return refuse(response, callback, json, 413, Code.INVALID_ARGUMENT, "too_large", "the body of " + declared
                    + " bytes is larger than the limit of " + settings.maxRequestBytes() + " bytes");
        }

        ExportMetricsServiceRequest decoded;
        try {
            byte[] body = BoundedBody.read(in, settings.maxRequestBytes(), "the request body");
            if (gzip) {
                body = BoundedBody.gunzip(body, settings.maxDecompressedBytes());
            } else if (body.length > settings.maxDecompressedBytes()) {
                throw new BodyTooLargeException("the request body is larger than the limit of " + settings.maxDecompressedBytes() + " bytes");
            }
            decoded = json ? OtlpRequestDecoder.json(body) : OtlpRequestDecoder.protobuf(body);
        } catch (BodyTooLargeException e) {
            // Past the raw limit the rest of the body is still unread; past the gzip limit it was all read.
            discardBody(request, response, in);
            return refuse(response, callback, json, 413, Code.INVALID_ARGUMENT, "too_large", e.getMessage());
        } catch (BadRequestException e) {
            return refuse(response, callback, json, 400, Code.INVALID_ARGUMENT, "bad_request", e.getMessage());
        } catch (IOException e) {
            // The client went away or the connection broke mid-body: nothing was accepted.
            return refuse(response, callback, json, 400, Code.INVALID_ARGUMENT, "bad_request",
                    "the request body could not be read (" + e.getMessage() + ")");
        }

        if (decoded.getResourceMetricsCount() == 0) {
            // Nothing to store: an empty Kafka record would only cost the readers.
            counters.accepted(decoded);
            write(response, callback, json, 200, ExportMetricsServiceResponse.getDefaultInstance());
            return true;
        }
        sink.send(decoded).whenComplete((ok, error) -> {
            if (error == null) {
                counters.accepted(decoded);
                write(response, callback, json, 200, ExportMetricsServiceResponse.getDefaultInstance());
            } else {
                sinkRefused(response, callback, json, error instanceof CompletionException ? error.getCause() : error);
            }
        });
        return true;
    }

    private void sinkRefused(Response response, Callback callback, boolean json, Throwable error) {
        SinkRejectedException rejected = error instanceof SinkRejectedException r ? r
                : new SinkRejectedException(SinkRejectedException.Kind.UNAVAILABLE, String.valueOf(error.getMessage()),
                        settings.retryAfter(), error);
        switch (rejected.kind()) {
            case FULL -> {
                retryAfter(response, rejected);
                refuse(response, callback, json, 429, Code.RESOURCE_EXHAUSTED, "full", rejected.getMessage());
            }
            case TOO_LARGE -> refuse(response, callback, json, 413, Code.INVALID_ARGUMENT, "too_large", rejected.getMessage());
            default -> {
                retryAfter(response, rejected);
                refuse(response, callback, json, 503, Code.UNAVAILABLE, "unavailable", rejected.getMessage());
            }
        }
    }

    private void retryAfter(Response response, SinkRejectedException rejected) {
        java.time.Duration wait = rejected.retryAfter() == null ? settings.retryAfter() : rejected.retryAfter();
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
    }

    /**
     * Reads and drops what is left of a refused request's body (see the class comment), or, when
     * the body is longer than twice the request limit, leaves it and closes the connection after
     * the answer.
     */
    private void discardBody(Request request, Response response, InputStream in) {
        long allowance = 2 * settings.maxRequestBytes();
        boolean ended;
        try {
            ended = request.getLength() <= allowance && BoundedBody.discard(in, allowance);
        } catch (IOException e) {
            ended = false; // the client broke off: the answer may not reach it anyway
        }
        if (!ended) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    private boolean refuse(Response response, Callback callback, boolean json, int httpStatus, Code code, String reason, String message) {
        counters.refused(reason);
        if (httpStatus >= 500) {
            log.warn("OTLP/HTTP request refused with {}: {}", httpStatus, message);
        } else {
            log.debug("OTLP/HTTP request refused with {}: {}", httpStatus, message);
        }
        write(response, callback, json, httpStatus, Status.newBuilder().setCode(code.getNumber()).setMessage(message).build());
        return true;
    }

    private static void write(Response response, Callback callback, boolean json, int httpStatus, Message body) {
        byte[] bytes;
        if (json) {
            try {
                bytes = JSON_PRINTER.print(body).getBytes(StandardCharsets.UTF_8);
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("a Status or response always prints as JSON", e);
            }
        } else {
            bytes = body.toByteArray();
        }
        response.setStatus(httpStatus);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, json ? OtlpRequestDecoder.JSON : OtlpRequestDecoder.PROTOBUF);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return lower(semicolon < 0 ? contentType : contentType.substring(0, semicolon));
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }
}
