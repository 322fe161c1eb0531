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

    /** Whether both ends are whole multiples of {@code grain} (since the epoch, UTC). */
    public boolean isAlignedTo(Duration grain) {
        long g = grain.toSeconds();
        return g > 0 && from.getEpochSecond() % g == 0 && to.getEpochSecond() % g == 0 && from.getNano() == 0 && to.getNano() == 0;
    }

    /**
     * This range widened to whole multiples of {@code grain}: from rounded down, to rounded up (so
     * "the last 30 days" up to now reads the hourly/daily cost rollups instead of every ledger minute).
     */
    public TimeRange alignedTo(Duration grain) {
        long g = grain.toSeconds();
        if (g <= 0) {
            throw new IllegalArgumentException("grain must be at least a second, got " + grain);
        }
        long f = Math.floorDiv(from.getEpochSecond(), g) * g;
        long t = -Math.floorDiv(-(to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0)), g) * g;
        return new TimeRange(Instant.ofEpochSecond(f), Instant.ofEpochSecond(t));
    }

    /** {@code column >= from AND column < to}, with the bounds as DateTime literals. */
    String where(String column) {
        return Sql.identifier(column) + " >= " + Sql.dateTime(from) + " AND " + Sql.identifier(column) + " < " + Sql.dateTime(to);
    }
}
