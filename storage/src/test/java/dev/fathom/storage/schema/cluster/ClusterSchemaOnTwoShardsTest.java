package dev.fathom.storage.schema.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated cluster schema on two real ClickHouse 18.16 servers, one shard each: every
 * statement of the unreplicated variant runs on both (18.16 here has no Keeper, so the
 * Replicated* engines and ON CLUSTER are checked by parsing in {@link ClusterSchemaOnCurrentClickHouseTest}),
 * rows inserted through the Distributed tables spread over both shards, every host on one, and
 * the views' targets read through their Distributed tables add up to what went in.
 */
class ClusterSchemaOnTwoShardsTest {

    private static final String CLUSTER = "fathom_test";
    private static final String DATABASE = "fathom_cluster";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path homes;

    private static LocalClickHouseServer first;
    private static LocalClickHouseServer second;

    @BeforeAll
    static void startTwoShards() throws Exception {
        first = LocalClickHouseServer.start(homes.resolve("shard1"), FreePorts.pick());
        second = LocalClickHouseServer.start(homes.resolve("shard2"), FreePorts.pick());
        String servers = """
                <?xml version="1.0"?>
                <yandex>
                    <remote_servers>
                        <%s>
                            <shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>
                            <shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>
                        </%s>
                    </remote_servers>
                </yandex>
                """.formatted(CLUSTER, tcpPort(homes.resolve("shard1")), tcpPort(homes.resolve("shard2")), CLUSTER);
        for (LocalClickHouseServer server : List.of(first, second)) {
            Path home = server == first ? homes.resolve("shard1") : homes.resolve("shard2");
            Files.createDirectories(home.resolve("etc/config.d"));
            Files.writeString(home.resolve("etc/config.d/remote_servers.xml"), servers);
        }
        // The servers pick up config.d changes by themselves (they check every few seconds).
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (LocalClickHouseServer server : List.of(first, second)) {
            while (!query(server, null, "SELECT count() FROM system.clusters WHERE cluster = '" + CLUSTER + "'").trim().equals("2")) {
                assertThat(System.nanoTime()).as("cluster %s configured within 60 s", CLUSTER).isLessThan(deadline);
                Thread.sleep(500);
            }
            query(server, null, "CREATE DATABASE IF NOT EXISTS " + DATABASE);
            for (String statement : ClusterSchema.fromClasspath().statements(CLUSTER, ClusterSchema.Replication.NONE)) {
                query(server, DATABASE, statement); // without replication, every node runs the whole script
            }
        }
    }

    @AfterAll
    static void stop() {
        for (LocalClickHouseServer server : new LocalClickHouseServer[] {first, second}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void pointsSpreadOverTheShardsByHostAndEveryViewAddsUpAcrossThem() throws Exception {
        StringBuilder rows = new StringBuilder();
        int hosts = 12;
        long batch = 4242;
        double utilizationSum = 0;
        int points = 0;
        for (int h = 0; h < hosts; h++) {
            for (int gpu = 0; gpu < 2; gpu++) {
                for (int minute = 0; minute < 3; minute++) {
                    long ms = 1_764_460_800_000L + minute * 60_000L;
                    double utilization = (h * 7 + gpu * 3 + minute) % 10 / 10.0;
                    utilizationSum += utilization;
                    for (String[] metric : new String[][] {{"gpu.utilization", Double.toString(utilization)}, {"gpu.temperature", "61"}}) {
                        rows.append("{\"metric\":\"").append(metric[0]).append("\",\"ts\":").append(ms / 1000).append(",\"time_ms\":").append(ms)
                                .append(",\"value\":").append(metric[1]).append(",\"unit\":\"1\",\"host\":\"node-").append(h)
                                .append("\",\"series_id\":").append(h * 1000 + gpu * 10 + (metric[0].equals("gpu.utilization") ? 1 : 2))
                                .append(",\"label_keys\":[\"gpu.index\",\"gpu.uuid\"],\"label_values\":[\"").append(gpu).append("\",\"GPU-")
                                .append(h).append('-').append(gpu).append("\"],\"batch_id\":").append(batch).append("}\n");
                        points++;
                    }
                }
            }
        }
        insert(first, "points", rows.toString());

        assertThat(query(first, DATABASE, "SELECT count() FROM points")).isEqualTo(points + "\n");
        long onFirst = Long.parseLong(query(first, DATABASE, "SELECT count() FROM points_local").trim());
        long onSecond = Long.parseLong(query(second, DATABASE, "SELECT count() FROM points_local").trim());
        assertThat(onFirst).isPositive();
        assertThat(onSecond).isPositive();
        assertThat(onFirst + onSecond).isEqualTo(points);
        String firstHosts = query(first, DATABASE, "SELECT groupUniqArray(host) FROM points_local");
        String secondHosts = query(second, DATABASE, "SELECT arrayJoin(groupUniqArray(host)) FROM points_local");
        for (String host : secondHosts.split("\n")) {
            assertThat(firstHosts).as("a host's rows are on one shard").doesNotContain("'" + host + "'");
        }

        // Rollups: every shard's views saw its own rows; the Distributed tables merge them.
        assertThat(query(second, DATABASE, "SELECT countMerge(count_value) FROM points_1m")).isEqualTo(points + "\n");
        assertThat(query(first, DATABASE, "SELECT sum(c) FROM (SELECT metric, ts, host, series_id, countMerge(count_value) AS c "
                + "FROM points_1h GROUP BY metric, ts, host, series_id)")).isEqualTo(points + "\n");
        assertThat(Double.parseDouble(query(first, DATABASE,
                "SELECT sumMerge(sum_value) FROM fleet_1m WHERE metric = 'gpu.utilization'").trim())).isCloseTo(utilizationSum, within());
        assertThat(query(first, DATABASE, "SELECT uniqHLL12Merge(gpus) FROM fleet_1h WHERE metric = 'gpu.utilization'"))
                .isEqualTo(hosts * 2 + "\n");
        assertThat(query(first, DATABASE, "SELECT count() FROM (SELECT host FROM host_1m GROUP BY host)")).isEqualTo(hosts + "\n");
        assertThat(query(first, DATABASE, "SELECT count(), min(t), max(t) FROM (SELECT host, gpu_uuid, argMaxMerge(temperature) AS t "
                + "FROM gpu_latest GROUP BY host, gpu_uuid)")).isEqualTo(hosts * 2 + "\t61\t61\n");
        assertThat(query(first, DATABASE, "SELECT count() FROM (SELECT series_id FROM points_latest GROUP BY series_id)"))
                .isEqualTo(hosts * 2 * 2 + "\n");
        assertThat(query(first, DATABASE, "SELECT sum(samples) FROM utilization_bands_1m")).isEqualTo(points / 2 + "\n");
        // The sink's exactly-once check reads the batch's rows from every shard.
        assertThat(query(first, DATABASE, "SELECT sum(row_count) FROM sink_batches WHERE table_name = 'points' AND batch_id = " + batch))
                .isEqualTo(points + "\n");
    }

    @Test
    void costLedgerRowsRollUpPerHourAcrossShards() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int h = 0; h < 6; h++) {
            rows.append("{\"minute\":1764460800,\"cluster\":\"c\",\"host\":\"node-").append(h).append("\",\"resource_type\":\"gpu\",")
                    .append("\"resource_id\":\"GPU-").append(h).append("\",\"gpu_model\":\"H100\",\"mig_profile\":\"\",\"kind\":\"used\",")
                    .append("\"team\":\"ml\",\"project\":\"p\",\"cost_centre\":\"cc\",\"price_tier\":\"on_demand\",\"sku\":\"s\",\"region\":\"r\",")
                    .append("\"currency\":\"USD\",\"quantity\":1,\"pricing_unit\":\"GPU-hour\",\"gpu_hours_allocated\":0.0166,")
                    .append("\"gpu_hours_used\":0.01,\"list_cost\":0.05,\"cost\":0.041666667,\"energy_kwh\":0.01,\"co2e_kg\":0.004,")
                    .append("\"version\":1,\"batch_id\":77}\n");
        }
        insert(second, "cost_ledger", rows.toString());
        assertThat(query(first, DATABASE, "SELECT sum(cost), sum(ledger_rows) FROM cost_ledger_1h WHERE team = 'ml'"))
                .isEqualTo("0.250000002\t6\n");
        assertThat(query(first, DATABASE, "SELECT sum(cost) FROM cost_ledger_host_1h")).isEqualTo("0.250000002\n");
        assertThat(query(first, DATABASE, "SELECT sum(row_count) FROM sink_batches WHERE table_name = 'cost_ledger' AND batch_id = 77"))
                .isEqualTo("6\n");
    }

    /** system.columns lists a table's columns in their order (18.16 has no position column). */
    @Test
    void theLocalTablesHaveTheColumnsTheMigratorGivesASingleServer() throws Exception {
        new dev.fathom.storage.schema.Migrator(new dev.fathom.storage.clickhouse.ClickHouseHttp(first.httpUrl(), "fathom_single")).migrate();
        for (String table : ClusterSchema.fromClasspath().tableNames()) {
            String single = query(first, null, "SELECT name, type FROM system.columns WHERE database = 'fathom_single' AND table = '"
                    + table + "'");
            assertThat(single).as(table).isNotBlank();
            for (String copy : List.of(table, table + "_local")) {
                assertThat(query(second, null, "SELECT name, type FROM system.columns WHERE database = '" + DATABASE + "' AND table = '"
                        + copy + "'")).as(copy).isEqualTo(single);
            }
        }
        assertThat(query(first, null, "SELECT name, type FROM system.columns WHERE database = '" + DATABASE
                + "' AND table = 'schema_migrations'"))
                .isEqualTo(query(first, null, "SELECT name, type FROM system.columns WHERE database = 'fathom_single'"
                        + " AND table = 'schema_migrations'"));
        assertThat(query(first, DATABASE, "SELECT arraySort(groupArray(version)) FROM schema_migrations"))
                .isEqualTo(query(first, "fathom_single", "SELECT arraySort(groupArray(version)) FROM schema_migrations"));
        // Services that migrate at start (the alerts service, the points job's --migrate) find nothing to do on the cluster.
        assertThat(new dev.fathom.storage.schema.Migrator(new dev.fathom.storage.clickhouse.ClickHouseHttp(second.httpUrl(), DATABASE)).migrate())
                .isEmpty();
    }

    @Test
    void aClusterMadeFromTheFirstFilesUpgradesToTheSchemaOfAllOfThem() throws Exception {
        List<dev.fathom.storage.schema.SchemaFile> files = dev.fathom.storage.schema.SchemaFile.all();
        String upgraded = "fathom_upgraded";
        for (LocalClickHouseServer server : List.of(first, second)) {
            query(server, null, "CREATE DATABASE IF NOT EXISTS " + upgraded);
            for (String statement : ClusterSchema.of(files.subList(0, 2)).statements(CLUSTER, ClusterSchema.Replication.NONE)) {
                query(server, upgraded, statement);
            }
            for (String statement : ClusterSchema.fromClasspath().upgradeStatements(CLUSTER, ClusterSchema.Replication.NONE, files.get(1).version())) {
                query(server, upgraded, statement);
            }
        }
        String tables = "SELECT name, engine FROM system.tables WHERE database = '%s' ORDER BY name";
        assertThat(query(second, null, tables.formatted(upgraded))).isEqualTo(query(second, null, tables.formatted(DATABASE)));
        for (String table : ClusterSchema.fromClasspath().tableNames()) {
            for (String copy : List.of(table, table + "_local")) {
                String columns = "SELECT name, type, default_kind, default_expression FROM system.columns WHERE database = '%s' AND table = '"
                        + copy + "'";
                assertThat(query(first, null, columns.formatted(upgraded))).as(copy).isEqualTo(query(first, null, columns.formatted(DATABASE)));
            }
        }
        assertThat(query(first, upgraded, "SELECT arraySort(groupArray(version)) FROM schema_migrations"))
                .isEqualTo(query(first, DATABASE, "SELECT arraySort(groupArray(version)) FROM schema_migrations"));
        // The upgraded cluster works: a point through the Distributed table reaches the new views.
        insert(first, "points", "{\"metric\":\"gpu.utilization\",\"ts\":1764460800,\"time_ms\":1764460800000,\"value\":0.5,"
                + "\"unit\":\"1\",\"host\":\"node-9\",\"series_id\":9,\"label_keys\":[],\"label_values\":[],\"batch_id\":99}\n",
                upgraded);
        assertThat(query(second, upgraded, "SELECT sum(samples) FROM utilization_bands_1m")).isEqualTo("1\n");
        assertThat(query(second, upgraded, "SELECT sum(row_count) FROM sink_batches WHERE batch_id = 99")).isEqualTo("1\n");
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    private static int tcpPort(Path home) throws IOException {
        Matcher m = Pattern.compile("<tcp_port>(\\d+)</tcp_port>").matcher(Files.readString(home.resolve("etc/config.xml")));
        assertThat(m.find()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** A Distributed insert that returns once every shard holds its rows (18.16 takes settings as URL parameters). */
    private static void insert(LocalClickHouseServer server, String table, String jsonEachRow) throws Exception {
        insert(server, table, jsonEachRow, DATABASE);
    }

    private static void insert(LocalClickHouseServer server, String table, String jsonEachRow, String database) throws Exception {
        post(server, "database=" + database + "&insert_distributed_sync=1", "INSERT INTO " + table + " FORMAT JSONEachRow\n" + jsonEachRow);
    }

    private static String query(LocalClickHouseServer server, String database, String sql) throws Exception {
        return post(server, database == null ? "" : "database=" + URLEncoder.encode(database, StandardCharsets.UTF_8), sql);
    }

    private static String post(LocalClickHouseServer server, String parameters, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/?" + parameters))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("ClickHouse answered " + response.statusCode() + ": " + response.body() + "\n" + body.substring(0, Math.min(400, body.length())));
        }
        return response.body();
    }

}
