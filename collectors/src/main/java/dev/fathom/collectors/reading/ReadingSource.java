package dev.fathom.collectors.reading;

import java.util.List;

/**
 * A source whose series come from what it reads: nvidia-smi, a Prometheus scrape, /sys trees.
 * The collector calls {@link #read()} once per interval on its export thread.
 */
public interface ReadingSource extends AutoCloseable {

    /** A short name for logs and self metrics, e.g. {@code nvidia-smi}. */
    String name();

    /**
     * The current values. May throw when the device cannot be read at all; the collector then
     * records nothing for this source this interval and counts the failure. Values it could not
     * parse are left out and counted through {@link #parseErrors()}.
     */
    List<Reading> read() throws Exception;

    /** Lines or values this source could not parse so far (a cumulative count). */
    default long parseErrors() {
        return 0;
    }

    /** Stops child processes and threads; default nothing. */
    @Override
    default void close() {}
}
