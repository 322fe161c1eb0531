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

    // Appended by the collectors issue: what nvidia-smi, DCGM and /sys add (units in OTel conventions).

    /** Frame-buffer memory the driver reserves, bytes. */
    public static final String GPU_MEMORY_RESERVED = "gpu.memory.reserved";
    /** Frame-buffer memory free, bytes. */
    public static final String GPU_MEMORY_FREE = "gpu.memory.free";
    /** Memory (HBM) temperature, degrees Celsius ("Cel"). */
    public static final String GPU_TEMPERATURE_MEMORY = "gpu.temperature.memory";
    /** Memory clock, MHz. */
    public static final String GPU_CLOCK_MEMORY = "gpu.clock.memory";
    /** Graphics clock, MHz. */
    public static final String GPU_CLOCK_GRAPHICS = "gpu.clock.graphics";
    /** Fan speed as a share of its maximum, 0..1 ("1"). */
    public static final String GPU_FAN_SPEED = "gpu.fan.speed";
    /** Current PCIe link generation ("{generation}"). */
    public static final String GPU_PCIE_LINK_GENERATION = "gpu.pcie.link.generation";
    /** Current PCIe link width in lanes ("{lane}"). */
    public static final String GPU_PCIE_LINK_WIDTH = "gpu.pcie.link.width";
    /** PCIe throughput, bytes per second ("By/s"), attribute direction receive|transmit. */
    public static final String GPU_PCIE_THROUGHPUT = "gpu.pcie.throughput";
    /** ECC errors (cumulative, "{error}"), attributes error.type corrected|uncorrected and ecc.counter volatile|aggregate. */
    public static final String GPU_ECC_ERRORS = "gpu.ecc.errors";
    /** Retired memory pages ("{page}"), attribute cause single_bit_ecc|double_bit_ecc. */
    public static final String GPU_RETIRED_PAGES = "gpu.retired_pages";
    /** 1 when a page retirement waits for the next reboot, else 0 ("1"). */
    public static final String GPU_RETIRED_PAGES_PENDING = "gpu.retired_pages.pending";
    /** 1 while a clock throttle (clocks event) reason is active, else 0 ("1"); attribute reason. */
    public static final String GPU_THROTTLE_ACTIVE = "gpu.throttle.active";
    /** The last XID error code the driver reported, 0 for none ("{xid}"). */
    public static final String GPU_XID_LAST = "gpu.xid.last";
    /** Frame-buffer memory one process uses, bytes; attributes process.pid, process.executable.name. */
    public static final String GPU_PROCESS_MEMORY_USED = "gpu.process.memory.used";
    /** Share of time at least one warp was active on an SM, 0..1 (DCGM_FI_PROF_SM_ACTIVE). */
    public static final String GPU_SM_ACTIVE = "gpu.sm.active";
    /** Share of warps resident on SMs relative to the maximum, 0..1 (DCGM_FI_PROF_SM_OCCUPANCY). */
    public static final String GPU_SM_OCCUPANCY = "gpu.sm.occupancy";
    /** Share of time the tensor pipes were active, 0..1 (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE). */
    public static final String GPU_TENSOR_ACTIVE = "gpu.tensor.active";
    /** Share of time device memory was busy, 0..1 (DCGM_FI_PROF_DRAM_ACTIVE). */
    public static final String GPU_DRAM_ACTIVE = "gpu.dram.active";
    /** NVLink throughput, bytes per second ("By/s"), attribute direction. */
    public static final String GPU_NVLINK_THROUGHPUT = "gpu.nvlink.throughput";

    /** Interface link speed, bits per second ("bit/s"); absent when the link is down. */
    public static final String NETWORK_LINK_SPEED = "system.network.link.speed";
    /** InfiniBand/RoCE port data (cumulative, "By": port_*_data x 4), attributes device, port, direction. */
    public static final String INFINIBAND_IO = "system.infiniband.io";
    /** InfiniBand/RoCE port packets (cumulative, "{packet}"), attributes device, port, direction. */
    public static final String INFINIBAND_PACKETS = "system.infiniband.packets";
    /** InfiniBand/RoCE port errors (cumulative, "{error}"), attributes device, port, error.type. */
    public static final String INFINIBAND_ERRORS = "system.infiniband.errors";

    /** Merged reads or writes per block device (cumulative, "{operation}"), attribute direction. */
    public static final String DISK_MERGED = "system.disk.merged";
    /** Time spent on reads or writes (cumulative, "s"), attribute direction. */
    public static final String DISK_OPERATION_TIME = "system.disk.operation_time";
    /** I/Os in flight now ("{operation}"). */
    public static final String DISK_PENDING_OPERATIONS = "system.disk.pending_operations";
    /** File system bytes by state used|free|reserved ("By"), attributes device, mountpoint, type, state. */
    public static final String FILESYSTEM_USAGE = "system.filesystem.usage";
    /** File system inodes by state used|free ("{inode}"), attributes device, mountpoint, type, state. */
    public static final String FILESYSTEM_INODES_USAGE = "system.filesystem.inodes.usage";
    /** NFS client bytes read or written per mount (cumulative, "By"), attributes mountpoint, direction. */
    public static final String NFS_CLIENT_IO = "nfs.client.io";
    /** NFS client RPC operations per mount and operation (cumulative, "{operation}"), attributes mountpoint, nfs.operation. */
    public static final String NFS_CLIENT_OPERATIONS = "nfs.client.operations";
    /** NFS client RPC round-trip time summed per operation (cumulative, "s"), attributes mountpoint, nfs.operation. */
    public static final String NFS_CLIENT_RTT = "nfs.client.rtt";

    /** Energy used since the driver loaded (cumulative), joules ("J"); DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION / 1000. */
    public static final String GPU_ENERGY = "gpu.energy";

    private MetricNames() {}
}
