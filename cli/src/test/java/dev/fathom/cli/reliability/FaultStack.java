package dev.fathom.cli.reliability;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.local.LocalKafkaBroker;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The whole pipeline, each part as it is deployed and each one stoppable and killable on its own:
 * the Kafka broker (KRaft, in this JVM, on a data directory it restarts on), the ClickHouse server
 * (child process), the points job with the cost stage (a MiniCluster in a child JVM, checkpoints
 * retained on disk) and a collector whose OTLP/HTTP receiver writes through its disk spool
 * ({@code fathom collect --config}, a child JVM with the collector's own JVM settings).
 */
final class FaultStack implements AutoCloseable {

    static final String DATABASE = "fathom";
    /** As `fathom up` creates the topic (StackOptions.OTLP_PARTITIONS). */
    static final int OTLP_PARTITIONS = 4;
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private final Path dir;
    private final int kafkaPort = FreePorts.pick();
    private final int clickhousePort = FreePorts.pick();
    private LocalKafkaBroker kafka;
    private LocalClickHouseServer clickhouse;
    private ChildJvm job;
    private int jobStarts;
    private final List<Collector> collectors = new ArrayList<>();
    private final ClickHouseHttp database;

    /** A collector child process: its receiver port, self-metrics port and spool directory. */
    static final class Collector {
        final String name;
        final Path config;
        final Path spool;
        final int receiverPort;
        final int metricsPort;
        ChildJvm process;
        int starts;

        Collector(String name, Path config, Path spool, int receiverPort, int metricsPort) {
            this.name = name;
            this.config = config;
            this.spool = spool;
            this.receiverPort = receiverPort;
            this.metricsPort = metricsPort;
        }
    }

    FaultStack(Path dir) {
        this.dir = dir;
        startKafka();
        kafka.createTopics(OTLP_PARTITIONS, List.of(Topics.OTLP_METRICS, Topics.ALERTS));
        startClickHouse();
        database = new ClickHouseHttp(clickhouse.httpUrl(), DATABASE);
        new Migrator(database).migrate();
    }

    ClickHouseHttp database() {
        return database;
    }

    String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    /**
     * Starts again whatever a failed scenario left stopped, so one failure does not fail every
     * scenario after it.
     */
    void heal(Collector... collectorsToKeep) throws Exception {
        if (kafka == null) {
            startKafka();
        }
        if (clickhouse == null) {
            startClickHouse();
        }
        if (job == null || !job.isAlive()) {
            startJob(Optional.of(latestCheckpoint()));
        }
        for (Collector c : collectorsToKeep) {
            if (c.process == null || !c.process.isAlive()) {
                startCollector(c);
            }
        }
    }

    // ---- Kafka ----

    void startKafka() {
        kafka = LocalKafkaBroker.start(dir.resolve("kafka"), kafkaPort);
    }

    /** A clean broker shutdown (controlled, as an operator's restart or a rolling upgrade). */
    void stopKafka() {
        kafka.close();
        kafka = null;
    }

    // ---- ClickHouse ----

    void startClickHouse() {
        clickhouse = LocalClickHouseServer.start(dir.resolve("clickhouse"), clickhousePort);
    }

    /** SIGKILL: no flush, no clean shutdown; the next start reads the same data directory. */
    void killClickHouse() throws Exception {
        ProcessHandle server = ProcessHandle.of(clickhouse.pid()).orElseThrow();
        server.destroyForcibly();
        server.onExit().get();
        // Its guardian (a shell loop) ends by itself within a second once the server is gone.
        clickhouse = null;
    }

    // ---- the Flink job ----

    void startJob(Optional<Path> restoreFrom) throws Exception {
        jobStarts++;
        List<String> args = new ArrayList<>(List.of(dir.resolve("flink/checkpoints").toString(),
                restoreFrom.map(p -> p.toUri().toString()).orElse("-"),
                "--bootstrap-servers", kafkaBootstrap(), "--clickhouse-url", "http://127.0.0.1:" + clickhousePort,
                "--database", DATABASE, "--migrate", "false", "--anomalies", "false",
                "--checkpoint-interval-ms", Long.toString(CHECKPOINT_INTERVAL.toMillis())));
        job = ChildJvm.start("points job", dir.resolve("log/points-job-" + jobStarts + ".log"), System.getProperty("java.class.path"),
                List.of("-Xmx384m", "-XX:+UseSerialGC", "-Dlog4j2.configurationFile=" + log4jConfig(),
                        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"),
                PointsJobChild.class.getName(), args);
        job.awaitLog("fathom-points job", 120);
    }

    /** SIGKILL of the JVM that runs the job manager and the task: the whole job goes at once. */
    void killJob() throws InterruptedException {
        job.kill();
    }

    ChildJvm job() {
        return job;
    }

    /** The newest checkpoint on disk that completed (has its _metadata), whatever job wrote it. */
    Path latestCheckpoint() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("flink/checkpoints"), 2)) {
            return files.filter(d -> d.getFileName().toString().startsWith("chk-") && Files.exists(d.resolve("_metadata")))
                    .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
                    .orElseThrow(() -> new AssertionError("no completed checkpoint under " + dir.resolve("flink/checkpoints")));
        }
    }

    // ---- collectors ----

    Collector addCollector(String name, String spoolMaxBytes) throws IOException {
        Path home = dir.resolve("collector-" + name);
        Files.createDirectories(home);
        Collector c = new Collector(name, home.resolve("collector.yaml"), home.resolve("spool"), FreePorts.pick(), FreePorts.pick());
        Files.writeString(c.config, """
                interval: 1s
                host:
                  name: fault-collector-%s
                  cluster: faults
                kafka:
                  bootstrap_servers: %s
                  topic: %s
                spool:
                  directory: %s
                  max_bytes: %s
                self_metrics:
                  listen: 127.0.0.1:%d
                sources:
                  host_metrics:
                    enabled: false
                receivers:
                  otlp:
                    enabled: true
                    host: 127.0.0.1
                    http_port: %d
                    grpc_port: -1
                """.formatted(name, kafkaBootstrap(), Topics.OTLP_METRICS, c.spool, spoolMaxBytes, c.metricsPort, c.receiverPort));
        collectors.add(c);
        return c;
    }

    void startCollector(Collector c) throws Exception {
        c.starts++;
        List<String> jvm = new ArrayList<>();
        Path options = Path.of(System.getProperty("fathom.home", ".."), "collectors/collector.jvm-options");
        if (Files.exists(options)) {
            jvm.add("@" + options.toAbsolutePath());
        }
        c.process = ChildJvm.start("collector " + c.name, dir.resolve("log/collector-" + c.name + "-" + c.starts + ".log"),
                ChildJvm.fathomClasspath(), jvm, "dev.fathom.cli.Fathom", List.of("collect", "--config", c.config.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!FreePorts.isListening(c.receiverPort)) {
            if (!c.process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("collector " + c.name + " did not listen on " + c.receiverPort + ":\n" + c.process.tail());
            }
            Thread.sleep(100);
        }
    }

    /** A counter from the collector's /metrics, e.g. fathom_collector_points_dropped_total. */
    static long collectorCounter(Collector c, String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(response.body());
        if (!m.find()) {
            throw new AssertionError("no " + name + " in the collector's /metrics:\n" + response.body());
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private static String log4jConfig() throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "fathom-faults-log4j2.xml");
        Files.writeString(file, """
                <Configuration status="WARN">
                  <Appenders><Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="%d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n"/></Console></Appenders>
                  <Loggers><Root level="WARN"><AppenderRef ref="out"/></Root>
                    <Logger name="org.apache.flink.runtime.checkpoint" level="INFO"/>
                    <Logger name="org.apache.flink.runtime.executiongraph" level="INFO"/>
                    <Logger name="dev.fathom" level="INFO"/></Loggers>
                </Configuration>
                """);
        return file.toString();
    }

    @Override
    public void close() {
        for (Collector c : collectors) {
            closeQuietly(c.process);
        }
        closeQuietly(job);
        if (clickhouse != null) {
            clickhouse.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    private static void closeQuietly(ChildJvm process) {
        if (process == null) {
            return;
        }
        try {
            process.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
