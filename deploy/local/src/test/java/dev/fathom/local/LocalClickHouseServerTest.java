package dev.fathom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClickHouseServerTest {

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void dataSurvivesARestartAndStopLeavesNoProcessOrPort() throws Exception {
        int port = FreePorts.pick();
        long pid;
        try (LocalClickHouseServer server = LocalClickHouseServer.start(home, port)) {
            pid = server.pid();
            post(server, "CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x");
            post(server, "INSERT INTO t VALUES (7), (8)");
        }
        assertThat(ProcessHandle.of(pid)).as("server process gone").isEmpty();
        assertThat(FreePorts.isListening(port)).as("port released").isFalse();
        assertThat(home.resolve("server.pid")).doesNotExist();

        try (LocalClickHouseServer server = LocalClickHouseServer.start(home, port)) {
            assertThat(post(server, "SELECT sum(x) FROM t").trim()).isEqualTo("15");
        }
    }

    @Test
    void theServerIsOutOfTheJvmsProcessGroupSoATerminalsCtrlCReachesOnlyTheJvm() throws Exception {
        try (LocalClickHouseServer server = LocalClickHouseServer.start(home, FreePorts.pick())) {
            long own = OwnSession.processGroup(ProcessHandle.current().pid());
            long servers = OwnSession.processGroup(server.pid());
            assertThat(own).isPositive();
            assertThat(servers).isPositive().isNotEqualTo(own);
            assertThat(ProcessHandle.of(server.pid()).orElseThrow().info().command().orElse("")).contains("clickhouse");
        }
    }

    @Test
    void aServerLeftBehindByAKilledRunIsStoppedBeforeTheNextStart() throws Exception {
        LocalClickHouseServer orphan = LocalClickHouseServer.start(home, FreePorts.pick());
        ProcessHandle orphanHandle = ProcessHandle.of(orphan.pid()).orElseThrow();
        // Simulate the owner dying: the pid file stays, the process keeps running.
        assertThat(Files.exists(home.resolve("server.pid"))).isTrue();

        try (LocalClickHouseServer next = LocalClickHouseServer.start(home, FreePorts.pick())) {
            assertThat(orphanHandle.isAlive()).isFalse();
            assertThat(post(next, "SELECT 1").trim()).isEqualTo("1");
        }
    }

    @Test
    void theServerStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        int port = FreePorts.pick();
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        Process owner = new ProcessBuilder(javaBinary, "-cp", System.getProperty("java.class.path"),
                ClickHouseOwnerMain.class.getName(), home.toString(), Integer.toString(port))
                .redirectErrorStream(true).start();
        long clickhousePid;
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream()))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("clickhouse-pid "));
            assertThat(line).as("owner JVM started ClickHouse").isNotNull();
            clickhousePid = Long.parseLong(line.substring("clickhouse-pid ".length()));
        }
        ProcessHandle clickhouse = ProcessHandle.of(clickhousePid).orElseThrow();

        owner.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs

        clickhouse.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(clickhouse.isAlive()).isFalse();
        assertThat(FreePorts.isListening(port)).isFalse();
    }

    private String post(LocalClickHouseServer server, String sql) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.httpUrl() + "/"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
