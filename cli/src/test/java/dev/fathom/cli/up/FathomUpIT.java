package dev.fathom.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code fathom up} as its own process, as a user would: live simulated GPU data
 * must reach ClickHouse and the dashboard must answer; SIGTERM (and, on the second run, SIGINT as
 * from Ctrl-C) must stop everything with no child process or port left; and the second run must
 * find the first run's data.
 */
class FathomUpIT {

    @TempDir
    Path varDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final int kafkaPort = FreePorts.pick();
    private final int clickhousePort = FreePorts.pick();
    private final int dashboardPort = FreePorts.pick();
    private final int alertsPort = FreePorts.pick();

    @Test
    void upShowsLiveDataAndStopsCleanlyAndKeepsDataAcrossRuns() throws Exception {
        RunningUp first = RunningUp.start(command(), varDir);
        first.awaitLine("Fathom is up", 300);
        List<ProcessHandle> children = first.process().descendants().toList();
        assertThat(children).as("ClickHouse and dashboard run as child processes").hasSizeGreaterThanOrEqualTo(2);

        long points = awaitGpuPoints(4);
        // Every page needs a login: "/" sends an anonymous visitor to the login page, which answers.
        HttpResponse<Void> home = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/login"));
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/login")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(first.output()).contains("log in as admin with the password in");
        // The alerts service answers Alertmanager's API beside the dashboard.
        HttpResponse<String> silences = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + alertsPort
                + "/api/v2/silences")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(silences.statusCode()).isEqualTo(200);
        assertThat(silences.body().trim()).startsWith("[");
        exportsAChargebackThatReconciles();

        first.process().destroy(); // SIGTERM
        first.awaitExit(180);
        assertThat(first.output()).contains("Stopped in");
        assertNothingLeft(children);

        RunningUp second = RunningUp.start(command(), varDir);
        second.awaitLine("Fathom is up", 300);
        List<ProcessHandle> secondChildren = second.process().descendants().toList();
        assertThat(countGpuPoints()).as("the first run's points are still there").isGreaterThanOrEqualTo(points);
        new ProcessBuilder("kill", "-INT", Long.toString(second.process().pid())).start().waitFor();
        second.awaitExit(180);
        assertThat(second.output()).contains("Stopped in");
        assertNothingLeft(secondChildren);
    }

    /** The chargeback CSV from the running pipeline's cost ledger, through the real CLI command. */
    private void exportsAChargebackThatReconciles() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!"1".equals(query("SELECT count() > 0 FROM fathom.cost_ledger")) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
        }
        assertThat(query("SELECT count() FROM fathom.cost_ledger")).as("cost ledger rows from the running job").isNotEqualTo("0");
        Path csv = varDir.resolve("chargeback.csv");
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = dev.fathom.cli.Fathom.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        int exit = cli.execute("export", "chargeback", "--from", today, "--to", today, "--granularity", "hour",
                "--group-by", "resource", "--output", csv.toString(),
                "--clickhouse-url", "http://127.0.0.1:" + clickhousePort, "--database", "fathom");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("(reconciled)");
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(csv))) {
            List<String> header = parser.getHeaderNames();
            dev.fathom.storage.chargeback.FocusColumns.ALL.stream().filter(c -> c.mandatory())
                    .forEach(c -> assertThat(header).contains(c.name()));
            List<org.apache.commons.csv.CSVRecord> rows = parser.getRecords();
            assertThat(rows).isNotEmpty();
            // sim-node-01 belongs to ml-research in stream-jobs/config/owners.local.yaml.
            assertThat(rows).anySatisfy(r -> assertThat(r.get("Tags")).contains("\"team\":\"ml-research\""));
            assertThat(rows).allSatisfy(r -> assertThat(r.get("ChargeCategory")).isEqualTo("Usage"));
        }
    }

    private void assertNothingLeft(List<ProcessHandle> children) {
        for (ProcessHandle child : children) {
            assertThat(child.isAlive()).as("child %s (%s) stopped", child.pid(), child.info().command().orElse("?")).isFalse();
        }
        for (int port : new int[] {kafkaPort, clickhousePort, dashboardPort, alertsPort}) {
            assertThat(FreePorts.isListening(port)).as("port %d released", port).isFalse();
        }
    }

    private long awaitGpuPoints(int gpus) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String distinct = query("SELECT uniqExact(label_values[indexOf(label_keys, 'gpu.uuid')]) FROM fathom.points WHERE metric = 'gpu.utilization'");
            if (distinct != null && Long.parseLong(distinct) >= gpus) {
                return countGpuPoints();
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no GPU utilisation from " + gpus + " GPUs reached ClickHouse within 90 s");
    }

    private long countGpuPoints() throws Exception {
        return Long.parseLong(query("SELECT count() FROM fathom.points WHERE metric = 'gpu.utilization'"));
    }

    private String query(String sql) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clickhousePort
                + "/?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body().trim() : null;
    }

    private List<String> command() throws IOException {
        return RunningUp.upCommand(varDir,
                "--kafka-port", Integer.toString(kafkaPort), "--clickhouse-port", Integer.toString(clickhousePort),
                "--dashboard-port", Integer.toString(dashboardPort), "--alerts-port", Integer.toString(alertsPort),
                "--nodes", "2", "--gpus-per-node", "2", "--interval", "1");
    }
}
