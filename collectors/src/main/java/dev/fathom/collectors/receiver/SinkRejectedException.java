package dev.fathom.collectors.receiver;

import java.time.Duration;

/** A request the sink could not take, and what that means for the client. */
public final class SinkRejectedException extends RuntimeException {

    /** Why: each maps to one OTLP answer. */
    public enum Kind {
        /** The sink's buffer is full: HTTP 429, gRPC RESOURCE_EXHAUSTED, retry later. */
        FULL,
        /** The destination cannot be reached: HTTP 503, gRPC UNAVAILABLE, retry later. */
        UNAVAILABLE,
        /** The request is too large for the destination: HTTP 413, gRPC INVALID_ARGUMENT, do not retry. */
        TOO_LARGE
    }

    private final Kind kind;
    private final Duration retryAfter;

    public SinkRejectedException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
