package dev.fathom.collectors.gpu;

/** Faults the simulated fleet can be made to show, on demand or on a schedule. */
public enum Fault {
    /** GPUs run hot (about 92 °C), clocks drop to 60 %, thermal slowdown reasons active. */
    THERMAL_THROTTLING,
    /** The driver reports XID errors every second (79 "fell off the bus", 48 double-bit ECC, 13, 31). */
    XID_STORM,
    /** The node's NIC goes down and up every 10 seconds: no link speed, no traffic, errors while down. */
    NIC_FLAPPING,
    /** The inference model's input feature {@code request_tokens} drifts upwards over the fault's duration. */
    DRIFTING_FEATURE
}
