package dev.fathom.storage.clickhouse;

/** ClickHouse refused a statement or could not be reached; the message carries its own words. */
public class ClickHouseException extends RuntimeException {

    private final boolean retryable;

    public ClickHouseException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when trying the same request again may succeed (server unreachable or overloaded). */
    public boolean isRetryable() {
        return retryable;
    }
}
