package dev.fathom.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.cli.Fathom;
import dev.fathom.local.FreePorts;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChargebackCommandTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void ledger() {
        ClickHouseHttp clickHouse = new ClickHouseHttp(server.httpUrl(), "chargeback_cli");
        new Migrator(clickHouse).migrate();
        StringBuilder rows = new StringBuilder();
        // Two minutes on 30 November and one on 1 December: a team's use, its idle share, and an owner-less GPU.
        for (String minute : List.of("2026-11-30 23:58:00", "2026-11-30 23:59:00", "2026-12-01 00:00:00")) {
            rows.append(row(minute, "used", "research", "0.030000001"));
            rows.append(row(minute, "idle", "research", "0.009999999"));
            rows.append(row(minute, "unallocated", "", "0.040000000"));
        }
        clickHouse.insertJsonEachRow("cost_ledger", rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String row(String minute, String kind, String team, String cost) {
        return "{\"minute\":\"" + minute + "\",\"cluster\":\"c\",\"host\":\"n1\",\"resource_type\":\"gpu\",\"resource_id\":\"GPU-" + kind
                + "\",\"gpu_model\":\"H100\",\"kind\":\"" + kind + "\",\"team\":\"" + team + "\",\"price_tier\":\"on_demand\","
                + "\"currency\":\"EUR\",\"quantity\":0.0166,\"pricing_unit\":\"Hours\",\"list_cost\":" + cost + ",\"cost\":" + cost + ",\"version\":1}\n";
    }

    private int run(String... args) {
        CommandLine cmd = Fathom.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        return cmd.execute(args);
    }

    @Test
    void writesTheFileAndShowsThatItReconciles() throws Exception {
        Path csv = dir.resolve("november.csv");
        int exit = run("export", "chargeback", "--from", "2026-11-01", "--to", "2026-11-30", "--granularity", "hour",
                "--output", csv.toString(), "--clickhouse-url", server.httpUrl(), "--database", "chargeback_cli");
        assertThat(exit).as(err.toString()).isZero();
        // Two November minutes only: 2 x (0.030000001 + 0.009999999 + 0.04) = 0.16.
        assertThat(err.toString()).contains("3 rows").contains("BilledCost 0.16 EUR = ledger 0.16 EUR").contains("(reconciled)");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("BilledCost,BillingAccountId,");
        assertThat(lines).hasSize(4);
        assertThat(dir.resolve("november.csv.partial")).doesNotExist();
    }

    @Test
    void aTeamSeesOnlyItsOwnRows() throws Exception {
        Path csv = dir.resolve("research.csv");
        int exit = run("export", "chargeback", "--from", "2026-11-30", "--to", "2026-12-01", "--team", "research",
                "--output", csv.toString(), "--clickhouse-url", server.httpUrl(), "--database", "chargeback_cli");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("BilledCost 0.12 EUR = ledger 0.12 EUR");
        assertThat(Files.readString(csv)).doesNotContain("unallocated").contains("research");
    }

    @Test
    void aWrongDateOrGroupingIsNamed() {
        assertThat(run("export", "chargeback", "--from", "November", "--to", "2026-11-30", "--output", dir.resolve("x.csv").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--from 'November'");
        assertThat(run("export", "chargeback", "--from", "2026-11-01", "--to", "2026-11-30", "--group-by", "department",
                "--output", dir.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("department");
    }

    @Test
    void aDeadClickHouseFailsClearlyAndLeavesNoFile() throws Exception {
        Path csv = dir.resolve("dead.csv");
        int exit = run("export", "chargeback", "--from", "2026-11-01", "--to", "2026-11-30", "--output", csv.toString(),
                "--clickhouse-url", "http://127.0.0.1:" + FreePorts.pick(), "--database", "fathom");
        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("unreachable").doesNotContain("Exception in");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }
}
