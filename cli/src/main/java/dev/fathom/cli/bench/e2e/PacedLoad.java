package dev.fathom.cli.bench.e2e;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers points at a set rate: every tick (100 ms) it hands the target the next range of point
 * numbers so that the points handed since the rate was set equal rate x elapsed time. A target
 * that blocks (a full producer buffer, a remote-write queue) makes the load fall behind its
 * offered rate; {@link #generated()} shows by how much. Setting a rate starts counting afresh,
 * so a slow step does not burst into the next.
 */
final class PacedLoad implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PacedLoad.class);
    static final long TICK_MILLIS = 100;

    /** Where the points go: the fleet's points {@code from} to {@code to} (exclusive), plus the tick's marker. */
    interface Target {
        void send(long from, long to, long tickMillis) throws Exception;
    }

    private final Target target;
    private final Thread thread;
    private final AtomicLong generated = new AtomicLong();
    private volatile double rate;
    private volatile long baseNanos;
    private volatile long baseCount;
    private volatile boolean running = true;
    private volatile Throwable failure;

    PacedLoad(Target target) {
        this.target = target;
        this.thread = new Thread(this::run, "bench-load");
        thread.setDaemon(true);
        thread.start();
    }

    /** Offers {@code pointsPerSecond} from now on (0: idle). */
    synchronized void setRate(double pointsPerSecond) {
        baseCount = generated.get();
        baseNanos = System.nanoTime();
        rate = pointsPerSecond;
    }

    /** Fleet points handed to the target so far. */
    long generated() {
        return generated.get();
    }

    /** The target's failure, if sending stopped on one. */
    Throwable failure() {
        return failure;
    }

    private void run() {
        long next = System.nanoTime();
        try {
            while (running) {
                double r = rate;
                if (r > 0) {
                    long now = System.nanoTime();
                    long due = baseCount + (long) (r * (now - baseNanos) / 1e9);
                    long from = generated.get();
                    // At most a second's worth at once, so a target far behind is not flooded.
                    long to = Math.min(due, from + (long) Math.max(1, r));
                    if (to > from) {
                        target.send(from, to, System.currentTimeMillis());
                        generated.set(to);
                    }
                }
                next += TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else {
                    next = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
            log.error("load generator stopped: {}", e.toString(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
