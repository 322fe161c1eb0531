package dev.fathom.storage.cli;

import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.retention.PartitionRetention;
import dev.fathom.storage.retention.RetentionPolicy;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fathom storage retention}: drop partitions older than each table keeps, now. */
@Command(name = "retention", description = "Drop whole partitions older than each table's retention (on demand).",
        mixinStandardHelpOptions = true)
public final class RetentionCommand implements Callable<Integer> {

    @Mixin
    ClickHouseOptions clickhouse;

    @Option(names = "--keep", description = "Overrides, table=ISO-8601 period, comma-separated, e.g. points=P14D,cost_ledger=P10Y.")
    String keep = "";

    @Option(names = "--dry-run", description = "List what would be dropped; drop nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RetentionPolicy policy;
        try {
            policy = RetentionPolicy.defaults().withSpec(keep);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("--keep: " + e.getMessage());
            return 2;
        }
        try {
            PartitionRetention retention = new PartitionRetention(clickhouse.connect(), policy);
            List<PartitionRetention.DroppedPartition> dropped = dryRun ? retention.dryRun(Instant.now()) : retention.apply(Instant.now());
            for (PartitionRetention.DroppedPartition p : dropped) {
                out.printf("%s %s partition %s: %,d rows, %,d bytes%n", dryRun ? "would drop" : "dropped", p.table(), p.partition(), p.rows(), p.bytesOnDisk());
            }
            out.printf("%s %d partitions%n", dryRun ? "would drop" : "dropped", dropped.size());
            return 0;
        } catch (ClickHouseException | IllegalStateException e) {
            spec.commandLine().getErr().println("retention failed: " + e.getMessage());
            return 1;
        }
    }
}
