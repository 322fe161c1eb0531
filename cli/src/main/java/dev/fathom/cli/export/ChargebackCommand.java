package dev.fathom.cli.export;

import dev.fathom.storage.chargeback.BillingIdentity;
import dev.fathom.storage.chargeback.ChargebackExporter;
import dev.fathom.storage.chargeback.ChargebackRequest;
import dev.fathom.storage.chargeback.ChargebackSummary;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom export chargeback}: the FOCUS 1.2 chargeback CSV for a period, written to a
 * temporary file and moved into place when complete, with a summary line that shows the file's
 * BilledCost equals the ledger's total.
 */
@Command(name = "chargeback", mixinStandardHelpOptions = true,
        description = {"Write a FOCUS 1.2 chargeback CSV from the cost ledger.",
                "Dates are whole UTC days: --from 2026-11-01 --to 2026-11-30 is all of November."})
public final class ChargebackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "First day (2026-11-01) or instant (2026-11-01T00:00:00Z).")
    String from;

    @Option(names = "--to", required = true, description = "Last day, included, or an exclusive instant.")
    String to;

    @Option(names = "--group-by", defaultValue = "team", description = "team, project, cost-centre or resource (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--granularity", defaultValue = "day", description = "hour, day or month (default: ${DEFAULT-VALUE}).")
    String granularity;

    @Option(names = "--team", description = "Export only this team's rows.")
    String team;

    @Option(names = "--output", required = true, description = "The CSV file to write.")
    Path output;

    @Option(names = "--clickhouse-url", defaultValue = "http://127.0.0.1:8123", description = "ClickHouse HTTP address (default: ${DEFAULT-VALUE}).")
    String clickHouseUrl;

    @Option(names = "--database", defaultValue = "fathom", description = "ClickHouse database (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = "--billing-account-id", defaultValue = "fathom", description = "FOCUS BillingAccountId (default: ${DEFAULT-VALUE}).")
    String billingAccountId;

    @Option(names = "--billing-account-name", defaultValue = "Fathom GPU fleet", description = "FOCUS BillingAccountName and InvoiceIssuerName.")
    String billingAccountName;

    @Option(names = "--provider", defaultValue = "On-premises", description = "FOCUS ProviderName and PublisherName (default: ${DEFAULT-VALUE}).")
    String provider;

    @Override
    public Integer call() throws IOException {
        ChargebackRequest request;
        try {
            request = request(from, to, groupBy, granularity, team);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("fathom export chargeback: " + e.getMessage());
            return 2;
        }
        BillingIdentity identity = new BillingIdentity(billingAccountId, billingAccountName, provider, provider, billingAccountName);
        ChargebackExporter exporter = new ChargebackExporter(new ClickHouseHttp(clickHouseUrl, database, Duration.ofMinutes(30)), identity);

        Path absolute = output.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        ChargebackSummary summary;
        // A bar only on a terminal; a pipe or a CI log gets the summary line alone.
        ProgressBar bar = System.console() == null ? null : progressBar();
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(partial), StandardCharsets.UTF_8), 1 << 16)) {
            summary = exporter.export(request, out, bar == null ? ChargebackExporter.Progress.NONE : (rows, fraction) -> {
                bar.stepTo(Math.round(fraction * 100));
                bar.setExtraMessage(String.format("%,d rows", rows));
            });
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        PrintWriter err = spec.commandLine().getErr();
        err.println("chargeback: " + absolute + ": " + summary.describe());
        return summary.reconciled() ? 0 : 1;
    }

    /** The export the options ask for, or IllegalArgumentException naming the option or value that is wrong. */
    public static ChargebackRequest request(String from, String to, String groupBy, String granularity, String team) {
        return new ChargebackRequest(PeriodBound.start(from, "--from"), PeriodBound.end(to, "--to"),
                ChargebackRequest.GroupBy.parse(groupBy), ChargebackRequest.Granularity.parse(granularity), Optional.ofNullable(team));
    }

    private ProgressBar progressBar() {
        // Progress is the share of the period written: rows arrive in time order.
        return new ProgressBarBuilder().setTaskName("export").setInitialMax(100).setStyle(ProgressBarStyle.ASCII)
                .setUnit("%", 1).continuousUpdate().clearDisplayOnFinish().build();
    }
}
