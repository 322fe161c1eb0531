package dev.fathom.storage.query;

import java.time.Duration;

/**
 * Which table a time-series query reads: raw points for short ranges, the 1-minute rollup up to a
 * week, the 1-hour rollup beyond. Each knows its aggregate expressions, so one query text serves
 * all three.
 */
public enum Resolution {
    RAW("points", 1),
    MINUTE("points_1m", 60),
    HOUR("points_1h", 3600);

    /** Ranges up to this read raw points. */
    public static final Duration RAW_UP_TO = Duration.ofHours(6);
    /** Ranges up to this read the 1-minute rollup; longer ones the 1-hour rollup. */
    public static final Duration MINUTE_UP_TO = Duration.ofDays(7);

    private final String table;
    private final int seconds;

    Resolution(String table, int seconds) {
        this.table = table;
        this.seconds = seconds;
    }

    /**
     * The coarsest of what the range needs and what the step allows: a step of an hour or more
     * reads the hourly rollup even for a short range (a 7-day heatmap in 1-hour steps reads 168
     * rows per series instead of 10,080).
     */
    public static Resolution forQuery(TimeRange range, Duration step) {
        Resolution byRange = forRange(range);
        long s = step.toSeconds();
        Resolution byStep = s >= HOUR.seconds && s % HOUR.seconds == 0 ? HOUR : s >= MINUTE.seconds && s % MINUTE.seconds == 0 ? MINUTE : RAW;
        return byStep.ordinal() > byRange.ordinal() ? byStep : byRange;
    }

    public static Resolution forRange(TimeRange range) {
        Duration length = range.length();
        if (length.compareTo(RAW_UP_TO) <= 0) {
            return RAW;
        }
        return length.compareTo(MINUTE_UP_TO) <= 0 ? MINUTE : HOUR;
    }

    public String table() {
        return table;
    }

    /** The finest step this table can answer, in seconds. */
    public int seconds() {
        return seconds;
    }

    /** {@code step} rounded up to a whole multiple of this table's granularity (at least one). */
    public long stepSeconds(Duration step) {
        long s = Math.max(1, step.toSeconds());
        return Math.max(seconds, (s + seconds - 1) / seconds * seconds);
    }

    /** The SQL expression that aggregates values of this table with {@code aggregation}. */
    public String expression(Aggregation aggregation) {
        if (this == RAW) {
            return switch (aggregation) {
                case AVG -> "avg(value)";
                case MIN -> "min(value)";
                case MAX -> "max(value)";
                case SUM -> "sum(value)";
                case COUNT -> "toFloat64(count())";
                case LAST -> "argMax(value, time_ms)";
            };
        }
        return switch (aggregation) {
            case AVG -> "sumMerge(sum_value) / countMerge(count_value)";
            case MIN -> "minMerge(min_value)";
            case MAX -> "maxMerge(max_value)";
            case SUM -> "sumMerge(sum_value)";
            case COUNT -> "toFloat64(countMerge(count_value))";
            case LAST -> "argMaxMerge(last_value)";
        };
    }
}
