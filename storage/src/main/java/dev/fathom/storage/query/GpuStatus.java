package dev.fathom.storage.query;

import java.time.Instant;

/**
 * The latest known values of one GPU. A value never reported in the look-back window is NaN.
 *
 * @param utilization 0..1
 */
public record GpuStatus(
        String host,
        String uuid,
        String index,
        String model,
        double utilization,
        double memoryUsedBytes,
        double memoryTotalBytes,
        double powerWatts,
        double temperatureCelsius,
        Instant lastSeen) {}
