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
 * @param throttleReasons clock event reasons active now (nvidia-smi's names, e.g. hw_thermal_slowdown)
 * @param lastXid the last XID error code, 0 for none
 * @param migSlices the MIG instances when MIG is enabled, else empty
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
        double smClockMhz,
        java.util.List<String> throttleReasons,
        int lastXid,
        java.util.List<MigSlice> migSlices) {

    public GpuSample {
        throttleReasons = java.util.List.copyOf(throttleReasons);
        migSlices = java.util.List.copyOf(migSlices);
    }

    /** A reading without throttling, XID or MIG. */
    public GpuSample(int index, String uuid, String model, String pciBusId, double utilization, double memoryUtilization,
            long memoryUsedBytes, long memoryTotalBytes, double powerDrawWatts, double powerLimitWatts,
            double temperatureCelsius, double smClockMhz) {
        this(index, uuid, model, pciBusId, utilization, memoryUtilization, memoryUsedBytes, memoryTotalBytes,
                powerDrawWatts, powerLimitWatts, temperatureCelsius, smClockMhz, java.util.List.of(), 0, java.util.List.of());
    }
}
