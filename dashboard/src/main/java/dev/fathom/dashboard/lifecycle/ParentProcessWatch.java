package dev.fathom.dashboard.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Checks every {@code period} that a process is still alive and runs {@code onGone} once when it
 * is not. Polls rather than waiting on {@link ProcessHandle#onExit()}, which for a process that is
 * not our child polls anyway, on a thread we do not control.
 */
public final class ParentProcessWatch implements AutoCloseable {

    private final long pid;
    private final Runnable onGone;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    public ParentProcessWatch(long pid, Duration period, Runnable onGone) {
        this.pid = pid;
        this.onGone = onGone;
        // A daemon thread: the watch alone must never keep the JVM running.
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parent-process-watch-" + pid);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long pid() {
        return pid;
    }

    private void check() {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!alive && fired.compareAndSet(false, true)) {
            timer.shutdown();
            onGone.run();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
