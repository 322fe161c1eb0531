package dev.fathom.dashboard.fleet;

import java.time.Instant;

/**
 * A GPU event worth a marker: an XID error (value = the XID code) or active clock throttling
 * (value = the throttle-reason bit mask).
 */
public record GpuEvent(Instant time, String host, String gpu, String kind, double value) {

    public static final String XID = "xid";
    public static final String THROTTLE = "throttle";
}
