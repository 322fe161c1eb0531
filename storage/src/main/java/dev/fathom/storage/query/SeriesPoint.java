package dev.fathom.storage.query;

import java.time.Instant;

/** One value of a named series at a time, as charts draw it. */
public record SeriesPoint(String series, Instant time, double value) {}
