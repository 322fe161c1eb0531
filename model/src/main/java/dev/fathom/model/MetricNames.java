package dev.fathom.model;

/**
 * Metric names and their units. Host metrics use the OpenTelemetry hostmetrics receiver's names so
 * an OpenTelemetry Collector can feed the same topic; GPU metrics are Fathom's own, documented in
 * docs/metrics.md.
 */
public final class MetricNames {

    /** Share of time a kernel ran on the GPU, 0..1 (nvidia-smi utilization.gpu / 100). */
    public static final String GPU_UTILIZATION = "gpu.utilization";
    /** Share of time device memory was read or written, 0..1. */
    public static final String GPU_MEMORY_UTILIZATION = "gpu.memory.utilization";
    /** Frame-buffer memory in use, bytes. */
    public static final String GPU_MEMORY_USED = "gpu.memory.used";
    /** Frame-buffer memory installed, bytes. */
    public static final String GPU_MEMORY_TOTAL = "gpu.memory.total";
    /** Board power draw, watts. */
    public static final String GPU_POWER_DRAW = "gpu.power.draw";
    /** Enforced power limit, watts. */
    public static final String GPU_POWER_LIMIT = "gpu.power.limit";
    /** Core temperature, degrees Celsius. */
    public static final String GPU_TEMPERATURE = "gpu.temperature";
    /** Streaming-multiprocessor clock, MHz. */
    public static final String GPU_CLOCK_SM = "gpu.clock.sm";

    /** Bytes received or transmitted per interface (cumulative), attribute direction. */
    public static final String NETWORK_IO = "system.network.io";
    /** Packets per interface (cumulative), attribute direction. */
    public static final String NETWORK_PACKETS = "system.network.packets";
    /** Receive or transmit errors per interface (cumulative). */
    public static final String NETWORK_ERRORS = "system.network.errors";
    /** Dropped packets per interface (cumulative). */
    public static final String NETWORK_DROPPED = "system.network.dropped";

    /** Bytes read or written per block device (cumulative), attribute direction. */
    public static final String DISK_IO = "system.disk.io";
    /** Completed reads or writes per block device (cumulative). */
    public static final String DISK_OPERATIONS = "system.disk.operations";
    /** Seconds the device had I/O in flight (cumulative). */
    public static final String DISK_IO_TIME = "system.disk.io_time";

    /**
     * Suffixes of the points the stream jobs derive. A cumulative sum {@code x} also gives
     * {@code x.delta} (the increase since the previous report, resets handled) and {@code x.rate}
     * (that increase per second). A histogram {@code h} gives {@code h.bucket} (cumulative count of
     * observations at or below the label {@code le}, Prometheus style, "+Inf" last),
     * {@code h.count} and {@code h.sum}, each of which is cumulative or delta as the histogram was.
     */
    public static final String DELTA_SUFFIX = ".delta";
    public static final String RATE_SUFFIX = ".rate";
    public static final String BUCKET_SUFFIX = ".bucket";
    public static final String COUNT_SUFFIX = ".count";
    public static final String SUM_SUFFIX = ".sum";

    private MetricNames() {}
}
