package dev.fathom.collectors.gpu;

/**
 * The figures of a GPU product that the simulation needs.
 *
 * @param name the product name as nvidia-smi prints it
 * @param powerLimitWatts default enforced power limit
 * @param idlePowerWatts draw with no work and memory clocks up, as seen on real boards
 * @param memoryBytes frame-buffer size
 * @param idleSmClockMhz SM clock when idle
 * @param maxSmClockMhz maximum boost SM clock
 */
public record GpuModel(
        String name,
        double powerLimitWatts,
        double idlePowerWatts,
        long memoryBytes,
        double idleSmClockMhz,
        double maxSmClockMhz) {

    private static final long GIB = 1024L * 1024 * 1024;

    public static final GpuModel H100_SXM_80GB = new GpuModel("NVIDIA H100 80GB HBM3", 700, 70, 80 * GIB, 345, 1980);
    public static final GpuModel A100_SXM4_80GB = new GpuModel("NVIDIA A100-SXM4-80GB", 400, 55, 80 * GIB, 210, 1410);
}
