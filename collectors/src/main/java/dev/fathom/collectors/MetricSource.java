package dev.fathom.collectors;

import io.opentelemetry.api.metrics.Meter;

/**
 * One source of metrics (a GPU reader, /proc/net/dev, /proc/diskstats...). It registers
 * asynchronous instruments on a meter; the meter provider calls them once per collection, so a
 * source reads its device only when a reading is exported.
 */
public interface MetricSource {

    /** Registers this source's instruments. Callbacks must not throw: a failed read records nothing. */
    void register(Meter meter);
}
