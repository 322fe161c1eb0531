package dev.fathom.storage.cli;

import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.dataset.FleetDataset;
import dev.fathom.storage.schema.Migrator;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fathom storage generate}: write a synthetic GPU fleet straight into the tables (benchmarks, scale tests). */
@Command(name = "generate", description = "Write a synthetic, deterministic GPU fleet into ClickHouse on the server side "
        + "(raw points for the last hours, rollups before, the cost ledger and its rollups).", mixinStandardHelpOptions = true)
public final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ClickHouseOptions clickhouse;

    @Option(names = "--gpus", defaultValue = "10000", description = "GPUs, 8 per host (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--days", defaultValue = "30", description = "Days of data ending at --end (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--raw-hours", defaultValue = "1", description = "Last hours as raw 15 s points, through the views (default: ${DEFAULT-VALUE}).")
    int rawHours;

    @Option(names = "--minute-hours", defaultValue = "6", description = "Last hours the 1-minute rollups cover (default: ${DEFAULT-VALUE}).")
    int minuteHours;

    @Option(names = "--ledger-hours", defaultValue = "2", description = "Last hours as per-minute cost ledger rows (default: ${DEFAULT-VALUE}).")
    int ledgerHours;

    @Option(names = "--end", description = "End of the data, an ISO-8601 instant on a whole hour (default: the current hour's start).")
    String end;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FleetDataset dataset;
        try {
            Instant until = end == null ? Instant.now().truncatedTo(ChronoUnit.HOURS) : Instant.parse(end);
            dataset = new FleetDataset(clickhouse.connect(), new FleetDataset.Size(gpus, days, rawHours, minuteHours, ledgerHours), until);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("generate: " + e.getMessage());
            return 2;
        }
        try {
            new Migrator(clickhouse.connect()).migrate();
            FleetDataset.Report report = dataset.generate(line -> {
                out.println(line);
                out.flush();
            });
            out.printf("generated %s .. %s in %d s; raw points %,d at %,.0f points/s%n", report.from(), report.end(), report.took().toSeconds(),
                    report.rawPoints(), report.rawPointsPerSecond());
            for (Map.Entry<String, Long> e : report.rows().entrySet()) {
                out.printf("  %-20s %,15d rows%n", e.getKey(), e.getValue());
            }
            return 0;
        } catch (ClickHouseException | IllegalStateException e) {
            err.println("generate failed: " + e.getMessage());
            return 1;
        }
    }
}
