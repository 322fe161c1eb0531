package dev.fathom.storage.clickhouse;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ClickHouse refused a statement or could not be reached; the message carries its own words. */
public class ClickHouseException extends RuntimeException {

    /** ClickHouse's error code for a table that does not exist. */
    public static final int UNKNOWN_TABLE = 60;
    /** ClickHouse's error code for a database that does not exist. */
    public static final int UNKNOWN_DATABASE = 81;
    /** A write or DDL statement from a user whose profile has {@code readonly} set. */
    public static final int READONLY = 164;
    /** No such user (18.16). */
    public static final int UNKNOWN_USER = 192;
    /** Wrong password for the user (18.16). */
    public static final int WRONG_PASSWORD = 193;
    /** The user needs a password and none was given (18.16). */
    public static final int REQUIRED_PASSWORD = 194;
    /** Unknown user or wrong password (current servers answer this for both). */
    public static final int AUTHENTICATION_FAILED = 516;

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)");

    /**
     * Codes of overload and time-outs that a later try may get past: too many simultaneous
     * queries (202), too many parts (252), timeouts (159, 209), network errors (210), memory
     * limit (241).
     */
    private static final java.util.Set<Integer> TRANSIENT = java.util.Set.of(159, 202, 209, 210, 241, 252);

    private final boolean retryable;
    private final boolean unreachable;
    private final int code;

    private ClickHouseException(String message, boolean retryable, boolean unreachable, int code, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.unreachable = unreachable;
        this.code = code;
    }

    /** The server could not be reached or broke off: trying again may succeed. */
    public static ClickHouseException unreachable(String message, Throwable cause) {
        return new ClickHouseException(message, true, true, -1, cause);
    }

    /** The server answered with an error; its code is read from its answer. */
    public static ClickHouseException refused(String message, String serverAnswer, boolean retryable) {
        Matcher m = CODE.matcher(serverAnswer);
        return new ClickHouseException(message, retryable, false, m.find() ? Integer.parseInt(m.group(1)) : -1, null);
    }

    /** Anything else that went wrong on this side (an answer that cannot be parsed, an interrupt). */
    public static ClickHouseException failed(String message, Throwable cause) {
        return new ClickHouseException(message, false, false, -1, cause);
    }

    /** ClickHouse's error code in an answer's text, or -1. */
    public static int codeIn(String serverAnswer) {
        Matcher m = CODE.matcher(serverAnswer);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** True for codes of overload and time-outs. */
    public static boolean isTransientCode(int code) {
        return TRANSIENT.contains(code);
    }

    /** True when trying the same request again may succeed (server unreachable or overloaded). */
    public boolean isRetryable() {
        return retryable;
    }

    /** True when no answer came from the server. */
    public boolean isUnreachable() {
        return unreachable;
    }

    /** ClickHouse's error code (e.g. {@link #UNKNOWN_TABLE}), or -1 when there was none. */
    public int code() {
        return code;
    }
}
