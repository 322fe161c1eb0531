package dev.fathom.dashboard.view;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs a view's independent queries at the same time, so the page waits for the slowest query
 * rather than for their sum (a fleet page asks about ten). Each query is mostly waiting on
 * ClickHouse, so a few threads shared by all sessions are enough; daemon threads never hold the
 * JVM open. Tasks must not wait on other tasks (a full pool would wait on itself): start them from
 * the request thread only.
 */
public final class Parallel {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(8, task -> {
        Thread thread = new Thread(task, "fathom-query-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    private Parallel() {}

    /** Starts {@code query} on the shared pool. */
    public static <T> CompletableFuture<T> start(Supplier<T> query) {
        return CompletableFuture.supplyAsync(query, POOL);
    }

    /** The query's result; its own exception (a ClickHouseException, say) when it failed. */
    public static <T> T join(CompletableFuture<T> started) {
        try {
            return started.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
