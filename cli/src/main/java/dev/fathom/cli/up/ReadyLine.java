package dev.fathom.cli.up;

import java.io.PrintStream;
import java.util.Locale;

/** The one line per component that {@code fathom up} prints as each becomes ready. */
final class ReadyLine {

    private final PrintStream out;

    ReadyLine(PrintStream out) {
        this.out = out;
    }

    /** Runs {@code start}, then prints the component's name, address and seconds taken. */
    <T> T start(String name, java.util.function.Function<T, String> address, StartStep<T> start) {
        // The name first, so a slow start shows what it waits for; the rest of the line when ready.
        out.printf(Locale.ROOT, "  %-11s ", name);
        out.flush();
        long t0 = System.nanoTime();
        T component;
        try {
            component = start.start();
        } catch (Exception e) {
            out.printf(Locale.ROOT, "FAILED%n");
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "%-40s ready in %5.1f s%n", address.apply(component), seconds);
        return component;
    }

    @FunctionalInterface
    interface StartStep<T> {
        T start() throws Exception;
    }
}
