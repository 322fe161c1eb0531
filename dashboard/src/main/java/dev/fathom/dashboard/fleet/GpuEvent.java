package dev.fathom.dashboard.fleet;

import java.time.Instant;

/**
 * A GPU event worth a marker: an XID error (value = the XID code, from {@code gpu.xid.last}) or
 * active clock throttling (value 1, from {@code gpu.throttle.active} for any reason but idle), at
 * the start of the chart step it happened in.
 *
 * @param gpu the GPU's uuid
 */
public record GpuEvent(Instant time, String host, String gpu, String kind, double value) {

    public static final String XID = "xid";
    public static final String THROTTLE = "throttle";
}
