package dev.fathom.local.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one fuzz case: the parser on a worker thread with a time limit (a hang is a failure, not a
 * stuck build), its documented exception taken as a rejection whose message must say something,
 * and anything else (NullPointerException, IndexOutOfBounds, StackOverflowError, OutOfMemoryError)
 * a crash reported with the input that caused it.
 */
public final class FuzzRun {

    /** Per-case limit; generous because the build machine is shared. */
    public static final long CASE_LIMIT_MS = Long.getLong("fathom.fuzz.case-limit-ms", 10_000);

    private static ExecutorService worker = newWorker();

    private FuzzRun() {}

    /** What a parser did with one input: a value, or its documented rejection. */
    public record Outcome<T>(T value, Exception rejection) {
        public boolean rejected() {
            return rejection != null;
        }
    }

    public static <T> Outcome<T> parse(byte[] input, Callable<T> parse, Class<? extends Exception> documented) {
        Future<T> future = worker.submit(parse);
        try {
            return new Outcome<>(future.get(CASE_LIMIT_MS, TimeUnit.MILLISECONDS), null);
        } catch (TimeoutException e) {
            future.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new AssertionError("hang: no answer within " + CASE_LIMIT_MS + " ms for " + show(input));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (documented != null && documented.isInstance(cause)) {
                String message = cause.getMessage();
                if (message == null || message.isBlank()) {
                    throw new AssertionError("rejection without a message for " + show(input), cause);
                }
                return new Outcome<>(null, (Exception) cause);
            }
            throw new AssertionError("crash: " + cause + " for " + show(input), cause);
        }
    }

    /** The input for a failure message: its size and its start with bytes outside ASCII escaped. */
    public static String show(byte[] input) {
        StringBuilder out = new StringBuilder(input.length + " bytes: \"");
        for (int i = 0; i < Math.min(input.length, 600); i++) {
            int b = input[i] & 0xff;
            if (b == '\n') {
                out.append("\\n");
            } else if (b == '\\' || b == '"') {
                out.append('\\').append((char) b);
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out.append(input.length > 600 ? "\"..." : "\"").toString();
    }

    public static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fuzz-case");
            thread.setDaemon(true);
            return thread;
        });
    }
}
