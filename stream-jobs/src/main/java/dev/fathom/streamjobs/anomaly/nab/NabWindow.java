package dev.fathom.streamjobs.anomaly.nab;

import java.time.LocalDateTime;

/** One labelled anomaly window of a NAB data file, both ends inclusive. */
public record NabWindow(LocalDateTime start, LocalDateTime end) {}
