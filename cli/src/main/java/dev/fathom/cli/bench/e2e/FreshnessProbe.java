package dev.fathom.cli.bench.e2e;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freshness, point time to queryable in ClickHouse: each tick the load sends one marker point
 * stamped with the tick's time; every ~100 ms this probe asks ClickHouse for the newest marker
 * time it can read. When that time reaches a sent marker, the marker's freshness is the time the
 * answer arrived minus its timestamp (so it includes up to one poll interval and the query's own
 * time: an upper bound, by at most ~0.1 s plus the query).
 */
final class FreshnessProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FreshnessProbe.class);
    static final long POLL_MILLIS = 100;

    /**
     * A marker's timestamp and how long after it the marker became readable; not {@code readable}:
     * not yet, and the freshness is its age so far.
     */
    record Sample(long tickMillis, long freshnessMillis, boolean readable) {}

    private final ClickHouseHttp clickhouse;
    private final String query;
    private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    FreshnessProbe(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
        this.query = "SELECT max(time_ms) FROM points WHERE metric = " + Sql.string(GeneratedSeries.MARKER_METRIC);
        this.thread = new Thread(this::run, "bench-freshness");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the load after sending a tick's marker. */
    void markerSent(long tickMillis) {
        pending.add(tickMillis);
    }

    /** Samples of markers stamped in [fromMillis, toMillis). */
    synchronized List<Sample> samples(long fromMillis, long toMillis) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.tickMillis() >= fromMillis && s.tickMillis() < toMillis) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Samples of markers stamped in [fromMillis, toMillis), with those not yet readable counted
     * at their age so far (a lower bound of their freshness).
     */
    synchronized List<Sample> samplesWithPending(long fromMillis, long toMillis) {
        List<Sample> out = samples(fromMillis, toMillis);
        long now = System.currentTimeMillis();
        for (Long tick : pending) {
            if (tick >= fromMillis && tick < toMillis) {
                out.add(new Sample(tick, now - tick, false));
            }
        }
        return out;
    }

    private void run() {
        while (running) {
            long started = System.currentTimeMillis();
            try {
                long newest = clickhouse.queryLong(query);
                long answered = System.currentTimeMillis();
                Long head;
                synchronized (this) {
                    while ((head = pending.peek()) != null && head <= newest) {
                        pending.poll();
                        samples.add(new Sample(head, answered - head, true));
                    }
                }
            } catch (RuntimeException e) {
                log.debug("freshness query failed: {}", e.toString());
            }
            long sleep = POLL_MILLIS - (System.currentTimeMillis() - started);
            try {
                Thread.sleep(Math.max(5, sleep));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
