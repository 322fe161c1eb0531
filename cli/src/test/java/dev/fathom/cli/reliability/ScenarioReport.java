package dev.fathom.cli.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Prints each scenario's figures and appends them, as a Markdown table, to target/reliability-results.md. */
final class ScenarioReport {

    private ScenarioReport() {}

    static void header(boolean longForm, Duration outage) {
        write("\n## Fault injection " + Instant.now() + " (" + (longForm ? "long" : "short") + " form, outages " + outage.toSeconds()
                + " s, load " + load() + ", " + Runtime.getRuntime().availableProcessors() + " cores)\n\n"
                + "| scenario | fault | sent | stored | lost | duplicated | dropped (counted) | recovery s | notes |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---|\n");
    }

    static void row(String name, String fault, long sent, long stored, long lost, long duplicated, long dropped, double recovery,
                    String notes) {
        String line = String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %.1f | %s; load %s |%n",
                name, fault, sent, stored, lost, duplicated, dropped, recovery, notes, load());
        write(line);
    }

    static void cost(String name, long gpuMinutesSent, long gpuMinutesPriced, BigDecimal expected, BigDecimal ledger) {
        write(String.format(Locale.ROOT, "| %s | cost ledger | GPU-minutes sent %d | priced %d | expected %s | ledger %s | %s | | |%n",
                name, gpuMinutesSent, gpuMinutesPriced, expected.stripTrailingZeros().toPlainString(),
                ledger.stripTrailingZeros().toPlainString(), ledger.compareTo(expected) == 0 ? "equal" : "DIFFERENT"));
    }

    private static String load() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return String.format(Locale.ROOT, "%.2f", load);
    }

    private static synchronized void write(String text) {
        System.out.print(text);
        Path file = FaultInjectionIT.resultsFile();
        try {
            FaultInjectionIT.ensureParent(file);
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
