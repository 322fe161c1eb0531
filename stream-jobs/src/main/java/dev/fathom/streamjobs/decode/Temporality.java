package dev.fathom.streamjobs.decode;

/** How a decoded value relates to time, as OTLP says it. */
public enum Temporality {
    /** A value at an instant (gauge). */
    GAUGE,
    /** A running total since {@code start_time_unix_nano} (cumulative sum, histogram count). */
    CUMULATIVE,
    /** The amount since the previous report (delta sum). */
    DELTA
}
