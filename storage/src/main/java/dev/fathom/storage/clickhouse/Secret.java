package dev.fathom.storage.clickhouse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (password, token, webhook URL) that never shows itself: {@link #toString()} is
 * masked, so a secret that reaches a log line, an exception or a config dump prints as
 * {@code ******}. Only {@link #reveal()} gives the value, at the one place that sends it.
 */
public final class Secret {

    public static final String MASK = "******";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The value, for the one place that sends it (an HTTP header, a request body). */
    public String reveal() {
        return value;
    }

    /** Compares with {@code candidate} in time that does not depend on where they differ. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && matches(s.value);
    }

    @Override
    public int hashCode() {
        return 0; // a hash would leak a little of the value, and secrets are never map keys
    }

    @Override
    public String toString() {
        return MASK;
    }
}
