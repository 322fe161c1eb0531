package dev.fathom.dashboard.drift;

import java.time.Instant;

/** One model feature's latest drift statistic for one method, against its threshold. */
public record DriftResult(String model, String modelVersion, String feature, String method, double value, double threshold,
        boolean drifted, long sampleSize, Instant evaluated) {}
