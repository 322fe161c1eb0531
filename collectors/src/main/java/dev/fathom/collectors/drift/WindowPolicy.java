package dev.fathom.collectors.drift;

import java.time.Duration;

/**
 * When a window of records is compared with the reference: as soon as it holds {@code rows}
 * records, or once it is {@code maxAge} old and holds at least {@code minRows} (a smaller one
 * keeps filling: a handful of rows says nothing about a distribution).
 */
public record WindowPolicy(int rows, Duration maxAge, int minRows) {

    public static WindowPolicy defaults() {
        return new WindowPolicy(1000, Duration.ofMinutes(5), 100);
    }

    public WindowPolicy {
        if (rows < 1) {
            throw new IllegalArgumentException("window rows must be at least 1, was " + rows);
        }
        if (minRows < 1 || minRows > rows) {
            throw new IllegalArgumentException("window min rows must be between 1 and " + rows + ", was " + minRows);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("window max age must be positive, was " + maxAge);
        }
    }
}
