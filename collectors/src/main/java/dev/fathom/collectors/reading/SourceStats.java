package dev.fathom.collectors.reading;

import java.util.concurrent.atomic.AtomicLong;

/** What one source did so far: the counters behind the collector's self metrics. */
public final class SourceStats {

    private final String source;
    private final AtomicLong pointsRead = new AtomicLong();
    private final AtomicLong readFailures = new AtomicLong();
    private volatile long parseErrors;
    private volatile long lastSuccessMillis;

    public SourceStats(String source) {
        this.source = source;
    }

    public String source() {
        return source;
    }

    public void read(int points, long nowMillis) {
        pointsRead.addAndGet(points);
        lastSuccessMillis = nowMillis;
    }

    public void failed() {
        readFailures.incrementAndGet();
    }

    public void parseErrors(long cumulative) {
        parseErrors = cumulative;
    }

    public long pointsRead() {
        return pointsRead.get();
    }

    public long readFailures() {
        return readFailures.get();
    }

    public long parseErrors() {
        return parseErrors;
    }

    /** Epoch milliseconds of the last successful read, 0 if none. */
    public long lastSuccessMillis() {
        return lastSuccessMillis;
    }
}
