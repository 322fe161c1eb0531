package dev.fathom.storage.query;

import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A half-open time range [from, to) in whole seconds, as every query takes it. */
public record TimeRange(Instant from, Instant to) {

    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("time range must start before it ends: " + from + " .. " + to);
        }
    }

    public static TimeRange last(Duration length, Instant now) {
        return new TimeRange(now.minus(length), now);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The range of the same length just before this one (for trends). */
    public TimeRange previous() {
        return new TimeRange(from.minus(length()), from);
    }

    /** {@code column >= from AND column < to}, with the bounds as DateTime literals. */
    String where(String column) {
        return Sql.identifier(column) + " >= " + Sql.dateTime(from) + " AND " + Sql.identifier(column) + " < " + Sql.dateTime(to);
    }
}
