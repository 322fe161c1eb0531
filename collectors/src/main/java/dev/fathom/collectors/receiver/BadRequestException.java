package dev.fathom.collectors.receiver;

/** A request body that is not a valid OTLP metrics request; the message says what is wrong. */
public final class BadRequestException extends Exception {

    public BadRequestException(String message, Throwable cause) {
        super(message, cause);
    }
}
