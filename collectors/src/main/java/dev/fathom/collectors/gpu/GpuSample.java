package dev.fathom.collectors.gpu;

/**
 * One reading of one GPU: what {@code nvidia-smi --query-gpu} gives per row, in base units.
 *
 * @param index the driver's index on its host (nvidia-smi {@code index})
 * @param uuid stable identity, e.g. {@code GPU-5f3c...}
 * @param model product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param pciBusId e.g. {@code 00000000:18:00.0}
 * @param utilization share of time a kernel ran, 0..1
 * @param memoryUtilization share of time device memory was read or written, 0..1
 * @param memoryUsedBytes frame-buffer memory in use
 * @param memoryTotalBytes frame-buffer memory installed
 * @param powerDrawWatts board power draw
 * @param powerLimitWatts enforced power limit
 * @param temperatureCelsius core temperature
 * @param smClockMhz streaming-multiprocessor clock
 */
public record GpuSample(
        int index,
        String uuid,
        String model,
        String pciBusId,
        double utilization,
        double memoryUtilization,
        long memoryUsedBytes,
        long memoryTotalBytes,
        double powerDrawWatts,
        double powerLimitWatts,
        double temperatureCelsius,
        double smClockMhz) {}
