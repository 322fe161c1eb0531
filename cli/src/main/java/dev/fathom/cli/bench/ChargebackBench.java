package dev.fathom.cli.bench;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.storage.chargeback.BillingIdentity;
import dev.fathom.storage.chargeback.ChargebackExporter;
import dev.fathom.storage.chargeback.ChargebackRequest;
import dev.fathom.storage.chargeback.ChargebackSummary;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Export speed and memory: fills a throwaway ClickHouse with hourly ledger rows for a fleet
 * (generated server side), exports a month by resource and hour, and prints rows/s, peak heap
 * and the process's peak RSS. The export must stay in constant memory whatever the row count.
 */
@Command(name = "chargeback", mixinStandardHelpOptions = true,
        description = "Chargeback export rows/s and peak memory for GPUS x DAYS of hourly ledger rows.")
public final class ChargebackBench implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--gpus", defaultValue = "10000", description = "GPUs in the fleet (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--days", defaultValue = "30", description = "Days of hourly rows (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--work-dir", description = "Where the throwaway ClickHouse keeps its data (default: a temporary directory).")
    Path workDir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path home = workDir != null ? workDir : Files.createTempDirectory("fathom-bench-chargeback");
        Instant from = Instant.parse("2026-10-01T00:00:00Z");
        Instant to = from.plus(Duration.ofDays(days));
        long hours = days * 24L;
        try (LocalClickHouseServer server = LocalClickHouseServer.start(home.resolve("clickhouse"), FreePorts.pick())) {
            ClickHouseHttp clickHouse = new ClickHouseHttp(server.httpUrl(), "bench", Duration.ofMinutes(30));
            new Migrator(clickHouse).migrate();
            long fillStart = System.nanoTime();
            // One row per GPU-hour: team and kind vary by GPU so the export has owners, idle and unallocated rows.
            clickHouse.execute("INSERT INTO cost_ledger (minute, cluster, host, resource_type, resource_id, gpu_model, kind, team, project,"
                    + " cost_centre, price_tier, sku, region, currency, quantity, pricing_unit, gpu_hours_allocated, gpu_hours_used,"
                    + " list_cost, cost, energy_kwh, co2e_kg, version)"
                    + " SELECT toDateTime(" + from.getEpochSecond() + " + intDiv(number, " + gpus + ") * 3600, 'UTC'),"
                    + " 'bench', concat('node-', toString(intDiv(number % " + gpus + ", 8))), 'gpu',"
                    + " concat('GPU-', toString(number % " + gpus + ")), 'H100',"
                    + " CAST(multiIf(number % 10 = 0, 'unallocated', number % 3 = 0, 'idle', 'used') AS Enum8('used' = 1, 'idle' = 2, 'unallocated' = 3)),"
                    + " if(number % 10 = 0, '', concat('team-', toString(number % 37))), '', '', 'on_demand', 'sku-h100', 'dc-1', 'USD',"
                    + " 1, 'Hours', 1, 0.6, toDecimal64(2.4, 9), toDecimal64(2.0, 9), 0.7, 0.3, 1"
                    + " FROM system.numbers LIMIT " + (gpus * hours));
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            out.printf("ledger: %,d GPU-hour rows written in %.1f s%n", gpus * hours, fillSeconds);

            ChargebackExporter exporter = new ChargebackExporter(clickHouse, BillingIdentity.DEFAULT);
            ChargebackRequest request = new ChargebackRequest(from, to, ChargebackRequest.GroupBy.RESOURCE,
                    ChargebackRequest.Granularity.HOUR, Optional.empty());
            Path csv = home.resolve("chargeback.csv");
            long start = System.nanoTime();
            ChargebackSummary summary;
            try (Writer writer = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(csv), StandardCharsets.UTF_8), 1 << 16)) {
                summary = exporter.export(request, writer, ChargebackExporter.Progress.NONE);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("export: %,d rows in %.1f s = %,.0f rows/s, %,d MB of CSV%n", summary.rows(), seconds, summary.rows() / seconds,
                    Files.size(csv) >> 20);
            out.printf("memory: peak heap %,d MB (max heap %,d MB), peak RSS of this JVM %s%n", peakHeapBytes() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, peakRss());
            out.println("reconciliation: " + summary.describe());
            Files.deleteIfExists(csv);
            return summary.reconciled() ? 0 : 1;
        } finally {
            if (workDir == null) {
                deleteTree(home);
            }
        }
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** VmHWM from /proc/self/status: the resident set's high-water mark. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
