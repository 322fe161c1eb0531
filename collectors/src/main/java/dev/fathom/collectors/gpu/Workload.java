package dev.fathom.collectors.gpu;

/** What a simulated node's GPUs do. */
public enum Workload {
    /** Batch jobs that arrive and finish at random, running their GPUs hard (the default). */
    TRAINING,
    /** Model serving: always loaded, utilisation following a daily cycle (low at night, peak mid-afternoon UTC). */
    INFERENCE,
    /** Nothing scheduled: idle power, no memory in use. */
    IDLE
}
