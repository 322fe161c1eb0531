package dev.fathom.collectors.host;

/** One interface's cumulative counters from /proc/net/dev. */
public record NetDevStats(
        String device,
        long receiveBytes,
        long receivePackets,
        long receiveErrors,
        long receiveDropped,
        long transmitBytes,
        long transmitPackets,
        long transmitErrors,
        long transmitDropped) {}
