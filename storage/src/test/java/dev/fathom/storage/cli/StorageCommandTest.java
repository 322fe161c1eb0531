package dev.fathom.storage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

class StorageCommandTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cli = new CommandLine(new StorageCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void migrateThenRetentionDryRunAndApply() {
        String[] where = {"--clickhouse-url", server.httpUrl(), "--database", "storage_cli_test"};
        assertThat(run(concat("migrate", where))).isZero();
        assertThat(out.toString()).contains("applied 001_points");
        assertThat(run(concat("migrate", where))).isZero();
        assertThat(out.toString()).contains("schema is up to date");

        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "storage_cli_test");
        Instant old = Instant.now().minus(Duration.ofDays(40));
        new PointWriter(clickhouse).write(List.of(new Point("m", old.toEpochMilli(), 1, "1", new TreeMap<>(Map.of("host.name", "h"))),
                new Point("m", Instant.now().toEpochMilli(), 1, "1", new TreeMap<>(Map.of("host.name", "h")))));

        assertThat(run(concat("retention", where, "--dry-run"))).isZero();
        assertThat(out.toString()).contains("would drop points partition").contains("would drop 1 partitions");
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(2);

        assertThat(run(concat("retention", where))).isZero();
        assertThat(out.toString()).contains("dropped 1 partitions");
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(1);
    }

    @Test
    void badInputAndAnUnreachableServerGiveExitCodesAndSayWhy() {
        assertThat(run("retention", "--keep", "points=thirty")).isEqualTo(2);
        assertThat(err.toString()).contains("ISO-8601");
        assertThat(run("migrate", "--clickhouse-url", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString()).contains("migration failed").contains("unreachable");
    }

    @Test
    void generateWritesASmallFleetAndRefusesBadSizes() {
        String[] where = {"--clickhouse-url", server.httpUrl(), "--database", "storage_cli_generate"};
        assertThat(run(concat("generate", where, "--gpus", "16", "--days", "1", "--raw-hours", "1", "--minute-hours", "2",
                "--ledger-hours", "1", "--end", "2026-11-29T12:00:00Z"))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("raw points 26,880 at").containsPattern("cost_ledger_1d +[0-9,]+ rows");
        ClickHouseHttp generated = new ClickHouseHttp(server.httpUrl(), "storage_cli_generate");
        assertThat(generated.queryLong("SELECT uniqExact(host) FROM points")).isEqualTo(2);
        assertThat(generated.queryLong("SELECT uniqExact(gpu_uuid) FROM gpu_latest")).isEqualTo(16);

        assertThat(run(concat("generate", where, "--raw-hours", "7", "--minute-hours", "6"))).isEqualTo(2);
        assertThat(err.toString()).contains("rawHours <= minuteHours");
        assertThat(run(concat("generate", where, "--end", "2026-11-29T12:30:00Z"))).isEqualTo(2);
        assertThat(err.toString()).contains("whole hour");
        assertThat(run(concat("generate", where, "--end", "yesterday"))).isEqualTo(2);
        assertThat(run("generate", "--clickhouse-url", "http://127.0.0.1:1", "--gpus", "8", "--days", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("generate failed");
    }

    static String[] concat(String first, String[] rest, String... more) {
        String[] all = new String[1 + rest.length + more.length];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        System.arraycopy(more, 0, all, 1 + rest.length, more.length);
        return all;
    }
}
