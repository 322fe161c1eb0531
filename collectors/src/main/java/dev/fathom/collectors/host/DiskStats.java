package dev.fathom.collectors.host;

/**
 * One block device's counters from /proc/diskstats (all cumulative except {@code inFlight}).
 *
 * @param inFlight I/Os currently in progress (field 9 of the kernel's iostats.rst)
 */
public record DiskStats(
        String device,
        long readsCompleted,
        long sectorsRead,
        long writesCompleted,
        long sectorsWritten,
        long ioTimeMillis,
        long readsMerged,
        long writesMerged,
        long readTimeMillis,
        long writeTimeMillis,
        long inFlight) {

    /** The kernel counts diskstats sectors in 512-byte units whatever the device's sector size. */
    public static final int SECTOR_BYTES = 512;

    public long readBytes() {
        return sectorsRead * SECTOR_BYTES;
    }

    public long writtenBytes() {
        return sectorsWritten * SECTOR_BYTES;
    }

    public double ioTimeSeconds() {
        return ioTimeMillis / 1000.0;
    }
}
