package dev.fathom.dashboard.time;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The period a view shows: either the last N (relative, moves with the clock: "1h") or a fixed
 * from/to (absolute). In a URL it is {@code range=1h}, or {@code from=2026-11-29T10:00:00Z&to=...}.
 *
 * @param relative one of {@link #RELATIVE}'s keys, or null for an absolute range
 */
public record TimeRange(String relative, Instant from, Instant to) {

    /** The relative ranges the picker offers, in order. */
    public static final Map<String, Duration> RELATIVE = relativeRanges();

    public static final TimeRange DEFAULT = last("1h");

    /** Bucket sizes charts use; the smallest that gives at most {@link #MAX_BUCKETS} buckets wins. */
    static final List<Duration> STEPS = List.of(Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofDays(1));
    static final int MAX_BUCKETS = 240;
    /** Cost windows this long or longer are read in whole hours (see {@link Window#forCost}). */
    public static final Duration COST_ALIGN_FROM = Duration.ofHours(6);

    private static Map<String, Duration> relativeRanges() {
        Map<String, Duration> ranges = new LinkedHashMap<>();
        ranges.put("15m", Duration.ofMinutes(15));
        ranges.put("1h", Duration.ofHours(1));
        ranges.put("6h", Duration.ofHours(6));
        ranges.put("24h", Duration.ofHours(24));
        ranges.put("7d", Duration.ofDays(7));
        ranges.put("30d", Duration.ofDays(30));
        ranges.put("90d", Duration.ofDays(90));
        return Collections.unmodifiableMap(ranges);
    }

    public static TimeRange last(String key) {
        if (!RELATIVE.containsKey(key)) {
            throw new IllegalArgumentException("unknown range '" + key + "': use one of " + String.join(", ", RELATIVE.keySet()));
        }
        return new TimeRange(key, null, null);
    }

    public static TimeRange between(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the range's start " + from + " is not before its end " + to);
        }
        return new TimeRange(null, from, to);
    }

    /**
     * Reads the range from URL parameters; anything unreadable falls back to {@link #DEFAULT} with
     * the reason, so a mistyped link still opens.
     */
    public static Parsed parse(Map<String, String> parameters) {
        try {
            if (parameters.containsKey("from") || parameters.containsKey("to")) {
                String from = parameters.get("from");
                String to = parameters.get("to");
                if (from == null || to == null) {
                    throw new IllegalArgumentException("an absolute range needs both from and to");
                }
                return new Parsed(between(storable(Instant.parse(from)), storable(Instant.parse(to))), Optional.empty());
            }
            String range = parameters.get("range");
            return new Parsed(range == null ? DEFAULT : last(range), Optional.empty());
        } catch (DateTimeParseException e) {
            return new Parsed(DEFAULT, Optional.of("'" + e.getParsedString() + "' is not a time like 2026-11-29T10:00:00Z; showing the last hour"));
        } catch (IllegalArgumentException e) {
            return new Parsed(DEFAULT, Optional.of(e.getMessage() + "; showing the last hour"));
        }
    }

    /** The instants a link may name: what ClickHouse's DateTime holds, rounded to whole days. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("2106-01-01T00:00:00Z");

    /**
     * Refuses an instant outside {@link #EARLIEST}..{@link #LATEST}: far ones overflowed the window
     * arithmetic or made file names with a year sign (found by fuzzing), and ClickHouse cannot
     * store them anyway.
     */
    private static Instant storable(Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException("'" + instant + "' is outside the times Fathom stores (1970-01-01 to 2106-01-01)");
        }
        return instant;
    }

    /** A parsed range and, when the URL's could not be used, why. */
    public record Parsed(TimeRange range, Optional<String> problem) {}

    public boolean isRelative() {
        return relative != null;
    }

    /** The fixed period this range means at {@code now}. */
    public Window window(Instant now) {
        if (isRelative()) {
            Instant end = Instant.ofEpochSecond(now.getEpochSecond());
            return new Window(end.minus(RELATIVE.get(relative)), end);
        }
        return new Window(from, to);
    }

    /** The URL parameters that bring this range back. */
    public Map<String, String> toParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (isRelative()) {
            parameters.put("range", relative);
        } else {
            parameters.put("from", from.toString());
            parameters.put("to", to.toString());
        }
        return parameters;
    }

    /** What the picker shows: "Last 1h" or "2026-11-29 10:00 – 12:00 UTC". */
    public String label() {
        return isRelative() ? "Last " + relative : from + " – " + to;
    }

    /**
     * A fixed period and the chart bucket for it.
     */
    public record Window(Instant from, Instant to) {

        public Duration length() {
            return Duration.between(from, to);
        }

        /** The same length just before this one: what "trend vs previous period" compares with. */
        public Window previous() {
            return new Window(from.minus(length()), from);
        }

        /** This window as storage's half-open range [from, to). */
        public dev.fathom.storage.query.TimeRange halfOpen() {
            return new dev.fathom.storage.query.TimeRange(from, to);
        }

        /** This window with its last second included, [from, to]: what the views read for "up to now". */
        public dev.fathom.storage.query.TimeRange closed() {
            return new dev.fathom.storage.query.TimeRange(from, to.plusSeconds(1));
        }

        /**
         * This window widened to whole multiples of {@code grain} (UTC): from rounded down, to
         * rounded up, so the current partial hour is still in it. Cost reads align to the hour from
         * {@link #COST_ALIGN_FROM} on, where storage answers from its hourly and daily rollups
         * instead of every ledger minute.
         */
        public Window aligned(Duration grain) {
            long g = grain.toSeconds();
            long start = Math.floorDiv(from.getEpochSecond(), g) * g;
            long end = -Math.floorDiv(-(to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0)), g) * g;
            return new Window(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end));
        }

        /** What the cost view and the timeline's cost band read: whole hours for windows of {@link #COST_ALIGN_FROM} or more. */
        public Window forCost() {
            return length().compareTo(COST_ALIGN_FROM) >= 0 ? aligned(Duration.ofHours(1)) : this;
        }

        /** A bucket size giving at most {@link TimeRange#MAX_BUCKETS} buckets. */
        public Duration step() {
            return step(MAX_BUCKETS);
        }

        /** The smallest of the usual bucket sizes giving at most {@code buckets} buckets. */
        public Duration step(int buckets) {
            for (Duration step : STEPS) {
                if (length().dividedBy(step) <= buckets) {
                    return step;
                }
            }
            return STEPS.get(STEPS.size() - 1);
        }
    }
}
