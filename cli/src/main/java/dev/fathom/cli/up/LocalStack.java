package dev.fathom.cli.up;

import dev.fathom.collectors.Collector;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.local.LocalKafkaBroker;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.retention.PartitionRetention;
import dev.fathom.storage.retention.RetentionPolicy;
import dev.fathom.storage.retention.RetentionSchedule;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.streamjobs.points.PointsJobConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: Kafka broker, ClickHouse server, the Flink job, a collector
 * fed by a simulated GPU fleet and this host's counters, and the dashboard. Started in data-flow
 * order; stopped in reverse, so each component hands what it holds to the next before that one
 * stops: the collector flushes to Kafka, the Flink job stops with a savepoint after writing its
 * last batch to ClickHouse, and only then do ClickHouse and Kafka stop.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final Deque<NamedCloseable> started = new ArrayDeque<>();
    private final StackOptions options;
    private final ReadyLine ready;
    private String clickhouseUrl;
    private String kafkaBootstrap;
    private long clickhousePid;
    private Optional<String> dashboardUrl = Optional.empty();

    private record NamedCloseable(String name, AutoCloseable closeable) {}

    private LocalStack(StackOptions options, PrintStream out) {
        this.options = options;
        this.ready = new ReadyLine(out);
    }

    /** Starts every component, or stops those already started and throws if one fails. */
    public static LocalStack start(StackOptions options, PrintStream out) {
        LocalStack stack = new LocalStack(options, out);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() {
        var varDir = options.varDir();

        LocalKafkaBroker kafka = ready.start("kafka", LocalKafkaBroker::bootstrapServers, () -> {
            LocalKafkaBroker broker = LocalKafkaBroker.start(varDir.resolve("kafka"), options.kafkaPort());
            started.push(new NamedCloseable("kafka", broker));
            broker.createTopics(StackOptions.OTLP_PARTITIONS, List.of(Topics.OTLP_METRICS, Topics.ALERTS, Topics.INFERENCE_FEATURES));
            return broker;
        });
        kafkaBootstrap = kafka.bootstrapServers();

        LocalClickHouseServer clickhouse = ready.start("clickhouse", LocalClickHouseServer::httpUrl, () -> {
            LocalClickHouseServer server = LocalClickHouseServer.start(varDir.resolve("clickhouse"), options.clickhousePort());
            started.push(new NamedCloseable("clickhouse", server));
            ClickHouseHttp database = new ClickHouseHttp(server.httpUrl(), StackOptions.DATABASE);
            List<String> applied = new Migrator(database).migrate();
            if (!applied.isEmpty()) {
                log.info("applied schema migrations {}", applied);
            }
            // Old partitions go hourly, by the default retention (raw 30 days ... ledger 7 years).
            started.push(new NamedCloseable("retention", RetentionSchedule.start(
                    new PartitionRetention(database, RetentionPolicy.defaults()), Duration.ofHours(1), Clock.systemUTC())));
            return server;
        });
        clickhouseUrl = clickhouse.httpUrl();
        clickhousePid = clickhouse.pid();

        ready.start("flink", LocalPointsJob::describe, () -> {
            PointsJobConfig config = new PointsJobConfig(kafkaBootstrap, Topics.OTLP_METRICS, "fathom-points",
                    clickhouseUrl, StackOptions.DATABASE, Duration.ofSeconds(5), 50_000, false, false)
                    // Cost from the shipped price catalogue, the local SLOs, anomalies on by default.
                    .withAnalytics("", pathOrEmpty(options.ownersFile()), true, pathOrEmpty(options.sloFile()))
                    .withDashboardUrl("http://127.0.0.1:" + options.dashboardPort());
            LocalPointsJob job = LocalPointsJob.start(varDir.resolve("flink"), config, kafka.newlyFormatted(), options.jobParallelism());
            started.push(new NamedCloseable("flink", job));
            return job;
        });

        ready.start("collector", c -> options.nodes() + " nodes x " + options.gpusPerNode() + " GPUs"
                + (options.hostMetrics() ? " + host" : ""), () -> {
            Collector.Builder builder = Collector.builder()
                    .bootstrapServers(kafkaBootstrap)
                    .topic(Topics.OTLP_METRICS)
                    .interval(options.collectInterval())
                    .simulatedFleet(options.nodes(), options.gpusPerNode());
            if (options.hostMetrics()) {
                builder.hostMetrics(java.nio.file.Path.of("/proc"));
            }
            Collector collector = builder.build();
            collector.start();
            started.push(new NamedCloseable("collector", collector));
            for (FaultSchedule fault : options.faults()) {
                collector.fleet().node(fault.node()).schedule(fault.fault(), fault.after(), fault.duration());
                log.info("scheduled fault: {}", fault.describe());
            }
            return collector;
        });

        String dashboardAddress = "http://127.0.0.1:" + options.dashboardPort();
        String alertsUrl = "http://127.0.0.1:" + options.alertsPort();
        if (options.alertsConfig() != null) {
            ready.start("alerts", LocalAlerts::url, () -> {
                LocalAlerts alerts = LocalAlerts.start(options.alertsConfig(), varDir.resolve("alerts"), options.alertsPort(),
                        kafkaBootstrap, clickhouseUrl, StackOptions.DATABASE, dashboardAddress);
                started.push(new NamedCloseable("alerts", alerts));
                return alerts;
            });
        }

        if (options.dashboardJar() != null) {
            DashboardProcess dashboard = ready.start("dashboard", DashboardProcess::url, () -> {
                DashboardProcess process = DashboardProcess.start(options.dashboardJar(), options.dashboardPort(),
                        clickhouseUrl, StackOptions.DATABASE, alertsUrl, varDir.resolve("dashboard"), varDir.resolve("log/dashboard.log"));
                started.push(new NamedCloseable("dashboard", process));
                return process;
            });
            dashboardUrl = Optional.of(dashboard.url());
        }
    }

    private static String pathOrEmpty(java.nio.file.Path path) {
        return path == null ? "" : path.toString();
    }

    /**
     * Only the data path, for benchmarks: the Kafka broker (topics created), ClickHouse with the
     * schema in {@code database}, and the points job in a MiniCluster configured by
     * {@code jobConfig} from the broker's and server's addresses. Stopped like the whole stack.
     */
    public static LocalStack startPipeline(java.nio.file.Path varDir, String database, int partitions, int jobParallelism,
                                           java.util.function.BiFunction<String, String, PointsJobConfig> jobConfig,
                                           PrintStream out) {
        LocalStack stack = new LocalStack(null, out);
        try {
            LocalKafkaBroker kafka = stack.ready.start("kafka", LocalKafkaBroker::bootstrapServers, () -> {
                LocalKafkaBroker broker = LocalKafkaBroker.start(varDir.resolve("kafka"), dev.fathom.local.FreePorts.pick());
                stack.started.push(new NamedCloseable("kafka", broker));
                broker.createTopics(partitions, List.of(Topics.OTLP_METRICS, Topics.ALERTS, Topics.INFERENCE_FEATURES));
                return broker;
            });
            stack.kafkaBootstrap = kafka.bootstrapServers();
            LocalClickHouseServer clickhouse = stack.ready.start("clickhouse", LocalClickHouseServer::httpUrl, () -> {
                LocalClickHouseServer server = LocalClickHouseServer.start(varDir.resolve("clickhouse"), dev.fathom.local.FreePorts.pick());
                stack.started.push(new NamedCloseable("clickhouse", server));
                new Migrator(new ClickHouseHttp(server.httpUrl(), database)).migrate();
                return server;
            });
            stack.clickhouseUrl = clickhouse.httpUrl();
            stack.clickhousePid = clickhouse.pid();
            stack.ready.start("flink", LocalPointsJob::describe, () -> {
                LocalPointsJob job = LocalPointsJob.start(varDir.resolve("flink"),
                        jobConfig.apply(stack.kafkaBootstrap, stack.clickhouseUrl), kafka.newlyFormatted(), jobParallelism);
                stack.started.push(new NamedCloseable("flink", job));
                return job;
            });
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The ClickHouse server's process id (0 before it started). */
    public long clickhousePid() {
        return clickhousePid;
    }

    public Optional<String> dashboardUrl() {
        return dashboardUrl;
    }

    public String clickhouseUrl() {
        return clickhouseUrl;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    /** Stops every started component in reverse order; a failure to stop one does not skip the rest. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            NamedCloseable component = started.pop();
            long t0 = System.nanoTime();
            try {
                component.closeable().close();
                log.info("stopped {} in {} ms", component.name(), (System.nanoTime() - t0) / 1_000_000);
            } catch (Exception e) {
                log.error("stopping {} failed: {}", component.name(), e.toString(), e);
            }
        }
    }
}
