package dev.fathom.collectors.drift;

/** A feature record that cannot be used; the message says what is wrong with it. */
public final class BadRecordException extends Exception {

    /** Short, stable reason for counting (e.g. "json", "type", "unknown_model"). */
    private final String reason;

    public BadRecordException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
