package dev.fathom.alerts.notify;

import java.time.Duration;

/**
 * A notification attempt that failed. {@link #retryable()} says whether trying again can help
 * (Alertmanager's notifiers make the same call): timeouts, 429 and 5xx yes, other 4xx no.
 * Messages never hold the URL or a key.
 */
public final class DeliveryException extends Exception {

    private final boolean retryable;
    private final int httpStatus;
    private final Duration retryAfter;

    public DeliveryException(String message, boolean retryable, int httpStatus, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status answered, 0 when none was (timeout, connection refused). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's Retry-After, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
