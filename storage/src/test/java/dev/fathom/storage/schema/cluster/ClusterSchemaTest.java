package dev.fathom.storage.schema.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.storage.schema.SchemaFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ClusterSchemaTest {

    private static final ClusterSchema SCHEMA = ClusterSchema.fromClasspath();
    private static final List<String> REPLICATED = SCHEMA.statements("fathom", ClusterSchema.Replication.REPLICATED);

    @Test
    void everyTableOfTheSchemaFilesBecomesAReplicatedLocalTableAndADistributedOne() {
        assertThat(SCHEMA.tableNames()).contains("points", "sink_batches", "points_1m", "gpu_latest", "cost_ledger", "cost_ledger_1h",
                "slo_status", "anomalies", "drift_results", "alert_events", "alert_notifications", "audit_log", "rejected_records");
        for (String table : SCHEMA.tableNames()) {
            assertThat(REPLICATED).anySatisfy(s -> assertThat(s)
                    .startsWith("CREATE TABLE IF NOT EXISTS " + table + "_local ON CLUSTER 'fathom'\n")
                    .contains("ENGINE = Replicated")
                    .contains("('/clickhouse/tables/{shard}/{database}/" + table + "', '{replica}'"));
            assertThat(REPLICATED).anySatisfy(s -> assertThat(s)
                    .startsWith("CREATE TABLE IF NOT EXISTS " + table + " ON CLUSTER 'fathom' AS " + table + "_local\n")
                    .contains("ENGINE = Distributed('fathom', currentDatabase(), '" + table + "_local', "));
        }
    }

    @Test
    void enginesKeepTheirVariantAndArguments() {
        assertThat(statementFor("cost_ledger_local")).contains(
                "ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/cost_ledger', '{replica}', version)");
        assertThat(statementFor("sink_batches_local")).contains(
                "ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/sink_batches', '{replica}', row_count)");
        assertThat(statementFor("points_1m_local")).contains("ENGINE = ReplicatedAggregatingMergeTree(")
                .contains("PRIMARY KEY (metric, host, series_id, ts)");
        assertThat(statementFor("gpu_latest_local")).contains("ORDER BY (host, gpu_uuid, gpu_index, gpu_model, cluster)");
    }

    @Test
    void alterAddColumnIsFoldedIntoTheTableItChanges() {
        assertThat(statementFor("points_local")).contains("batch_id UInt64 DEFAULT 0\n)");
        assertThat(REPLICATED).noneMatch(s -> s.startsWith("ALTER"));
    }

    @Test
    void viewsReadAndWriteTheLocalTablesOfTheirShard() {
        assertThat(SCHEMA.viewNames()).contains("points_1m_mv", "sink_batches_mv", "gpu_latest_mv", "cost_ledger_1h_mv");
        String view = statementFor("points_1m_mv");
        assertThat(view).startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS points_1m_mv ON CLUSTER 'fathom' TO points_1m_local AS\nSELECT")
                .contains("FROM points_local\n").doesNotContain("FROM points\n");
        assertThat(statementFor("cost_ledger_batches_mv")).contains("TO sink_batches_local").contains("FROM cost_ledger_local");
    }

    @Test
    void hostTablesAreShardedByHostSoEveryViewOfAHostStaysOnItsShard() {
        for (String table : List.of("points", "points_1m", "points_latest", "gpu_latest", "host_1m", "gpu_events", "cost_ledger",
                "cost_ledger_host_1h", "anomalies")) {
            assertThat(SCHEMA.shardingKey(table)).as(table).isEqualTo("cityHash64(host)");
        }
        assertThat(SCHEMA.shardingKey("slo_status")).isEqualTo("cityHash64(slo, ts)");
        assertThat(SCHEMA.shardingKey("drift_results")).isEqualTo("cityHash64(model, feature, method, ts)");
        assertThat(SCHEMA.shardingKey("fleet_1m")).isEqualTo("rand()");
        assertThat(SCHEMA.shardingKey("sink_batches")).isEqualTo("rand()");
        assertThat(SCHEMA.shardingKey("audit_log")).isEqualTo("rand()");
    }

    @Test
    void everyFileIsRecordedAsAppliedSoTheMigratorLeavesTheClusterAlone() {
        assertThat(REPLICATED.get(0)).contains("schema_migrations ON CLUSTER 'fathom'")
                .contains("'/clickhouse/tables/all/{database}/schema_migrations'");
        for (SchemaFile file : SchemaFile.all()) {
            assertThat(REPLICATED).contains("INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('"
                    + file.version() + "', '" + file.checksum() + "', now())");
        }
    }

    @Test
    void withoutReplicationTheTablesArePlainAndNothingRunsOnCluster() {
        List<String> plain = SCHEMA.statements("fathom", ClusterSchema.Replication.NONE);
        assertThat(plain).hasSameSizeAs(REPLICATED).noneMatch(s -> s.contains("ON CLUSTER") || s.contains("Replicated"));
        assertThat(plain).contains("CREATE TABLE IF NOT EXISTS points AS points_local\n"
                + "ENGINE = Distributed('fathom', currentDatabase(), 'points_local', cityHash64(host))");
    }

    @Test
    void theScriptSplitsBackIntoTheSameStatementsAsASchemaFile() {
        String script = SCHEMA.script("fathom", ClusterSchema.Replication.REPLICATED);
        assertThat(new SchemaFile("999_cluster", script).statements()).isEqualTo(REPLICATED);
    }

    @Test
    void laterFilesThatAddDropOrModifyColumnsAndDropObjectsAreFollowed() {
        List<SchemaFile> files = List.of(
                new SchemaFile("001_t", """
                        -- a table
                        CREATE TABLE IF NOT EXISTS t
                        (
                            ts   DateTime('UTC'),
                            host LowCardinality(String), -- where
                            v    Float64
                        )
                        ENGINE = ReplacingMergeTree(ts)
                        ORDER BY (host, ts);
                        CREATE TABLE IF NOT EXISTS t_1m (host String, n UInt64) ENGINE = SummingMergeTree() ORDER BY host;
                        CREATE MATERIALIZED VIEW IF NOT EXISTS t_1m_mv TO t_1m AS SELECT host, count() AS n FROM t GROUP BY host;
                        """),
                new SchemaFile("002_change", """
                        ALTER TABLE t ADD COLUMN unit String AFTER host;
                        ALTER TABLE t MODIFY COLUMN v Float32;
                        ALTER TABLE t DROP COLUMN unit;
                        ALTER TABLE t ADD COLUMN w UInt8 DEFAULT 1;
                        DROP TABLE IF EXISTS t_1m_mv;
                        """));
        List<String> statements = ClusterSchema.of(files).statements("c1", ClusterSchema.Replication.REPLICATED);
        assertThat(statements.get(1)).isEqualTo("""
                CREATE TABLE IF NOT EXISTS t_local ON CLUSTER 'c1'
                (
                    ts   DateTime('UTC'),
                    host LowCardinality(String),
                    v Float32,
                    w UInt8 DEFAULT 1
                )
                ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/t', '{replica}', ts)
                ORDER BY (host, ts)""");
        assertThat(statements).noneMatch(s -> s.contains("t_1m_mv"));
    }

    @Test
    void anUpgradeAddsWhatLaterFilesAddAndRecordsThem() {
        List<SchemaFile> files = List.of(
                new SchemaFile("001_t", """
                        CREATE TABLE IF NOT EXISTS t (ts DateTime('UTC'), host String, v Float64) ENGINE = MergeTree() ORDER BY (host, ts);
                        CREATE TABLE IF NOT EXISTS t_1m (host String, n UInt64) ENGINE = SummingMergeTree() ORDER BY host;
                        CREATE MATERIALIZED VIEW IF NOT EXISTS t_1m_mv TO t_1m AS SELECT host, count() AS n FROM t GROUP BY host;
                        """),
                new SchemaFile("002_more", """
                        ALTER TABLE t ADD COLUMN unit String AFTER host;
                        ALTER TABLE t MODIFY COLUMN v Float32;
                        DROP TABLE IF EXISTS t_1m_mv;
                        CREATE MATERIALIZED VIEW IF NOT EXISTS t_1m_mv TO t_1m AS SELECT host, count() AS n FROM t WHERE v > 0 GROUP BY host;
                        CREATE TABLE IF NOT EXISTS u (a UInt8) ENGINE = MergeTree() ORDER BY a;
                        """));
        ClusterSchema schema = ClusterSchema.of(files);
        assertThat(schema.upgradeStatements("c1", ClusterSchema.Replication.REPLICATED, "001")).containsExactly(
                "DROP TABLE IF EXISTS t_1m_mv ON CLUSTER 'c1'",
                "ALTER TABLE t_local ON CLUSTER 'c1' ADD COLUMN IF NOT EXISTS unit String AFTER host",
                "ALTER TABLE t ON CLUSTER 'c1' ADD COLUMN IF NOT EXISTS unit String AFTER host",
                "ALTER TABLE t_local ON CLUSTER 'c1' MODIFY COLUMN v Float32",
                "ALTER TABLE t ON CLUSTER 'c1' MODIFY COLUMN v Float32",
                """
                CREATE TABLE IF NOT EXISTS u_local ON CLUSTER 'c1'
                (
                    a UInt8
                )
                ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/u', '{replica}')
                ORDER BY a""",
                "CREATE TABLE IF NOT EXISTS u ON CLUSTER 'c1' AS u_local\nENGINE = Distributed('c1', currentDatabase(), 'u_local', rand())",
                "CREATE MATERIALIZED VIEW IF NOT EXISTS t_1m_mv ON CLUSTER 'c1' TO t_1m_local AS\n"
                        + "SELECT host, count() AS n FROM t_local WHERE v > 0 GROUP BY host",
                "INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ('002_more', '" + files.get(1).checksum() + "', now())");
        assertThat(schema.upgradeStatements("c1", ClusterSchema.Replication.REPLICATED, "002_more")).isEmpty();
        assertThatThrownBy(() -> schema.upgradeStatements("c1", ClusterSchema.Replication.REPLICATED, "005"))
                .hasMessageContaining("no schema file has version '005' (the versions are 001_t to 002_more)");

        List<SchemaFile> rekeyed = List.of(files.get(0), new SchemaFile("002_key", "DROP TABLE IF EXISTS t_1m_mv;\n"
                + "DROP TABLE IF EXISTS t;\nCREATE TABLE IF NOT EXISTS t (ts DateTime('UTC'), host String, v Float64) ENGINE = MergeTree() ORDER BY ts;\n"));
        assertThatThrownBy(() -> ClusterSchema.of(rekeyed).upgradeStatements("c1", ClusterSchema.Replication.NONE, "001"))
                .hasMessageContaining("table t changed its engine, partitions or keys after 001_t");
    }

    @Test
    void aStatementItCannotTranslateIsRefusedNamingItsFile() {
        List<SchemaFile> files = List.of(new SchemaFile("001_t", "CREATE TABLE t (a UInt8) ENGINE = MergeTree() ORDER BY a;\n"),
                new SchemaFile("002_rename", "RENAME TABLE t TO u;\n"));
        assertThatThrownBy(() -> ClusterSchema.of(files)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema file 002_rename.sql").hasMessageContaining("RENAME TABLE t TO u");
        List<SchemaFile> log = List.of(new SchemaFile("001_l", "CREATE TABLE l (a UInt8) ENGINE = Log;\n"));
        assertThatThrownBy(() -> ClusterSchema.of(log)).hasMessageContaining("table l has engine Log");
    }

    @Test
    void theCommandWritesTheScriptToAFileAndRefusesABadClusterName(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cluster.sql");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine command = new CommandLine(new ClusterSchemaCommand()).setOut(new PrintWriter(stdout)).setErr(new PrintWriter(stderr));
        assertThat(command.execute("--cluster", "fathom", "--out", out.toString())).isZero();
        assertThat(Files.readString(out)).isEqualTo(SCHEMA.script("fathom", ClusterSchema.Replication.REPLICATED));
        assertThat(stdout.toString()).contains("wrote the schema for cluster fathom");

        assertThat(command.execute("--cluster", "fathom", "--since", "016", "--out", out.toString())).isZero();
        assertThat(Files.readString(out)).contains("-- Upgrade of Fathom's ClickHouse schema for cluster 'fathom'")
                .contains("CREATE TABLE IF NOT EXISTS cost_ledger_1d_local ON CLUSTER 'fathom'")
                .doesNotContain("CREATE TABLE IF NOT EXISTS points_local");
        assertThat(command.execute("--cluster", "fathom", "--since", "999")).isEqualTo(2);

        assertThat(command.execute("--cluster", "x'; DROP TABLE points; --")).isEqualTo(2);
        assertThat(stderr.toString()).contains("cluster name 'x'; DROP TABLE points; --' is not a name");
    }

    private static String statementFor(String name) {
        return REPLICATED.stream().filter(s -> s.matches("(?s)CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS " + name + " .*"))
                .findFirst().orElseThrow();
    }
}
