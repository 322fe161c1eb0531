package dev.fathom.cli.up;

import dev.fathom.local.LocalClickHouseServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code fathom up}: starts the local stack, prints the dashboard address, runs until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, ClickHouse, the Flink job, a collector with a simulated GPU fleet, and the dashboard.")
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--home", description = "Fathom checkout (finds the dashboard jar). Default: ${DEFAULT-VALUE}", defaultValue = ".")
    Path home;

    @Option(names = "--var", description = "Data and logs, kept between runs. Default: <home>/var")
    Path varDir;

    @Option(names = "--nodes", description = "Simulated GPU nodes. Default: ${DEFAULT-VALUE}", defaultValue = "4")
    int nodes;

    @Option(names = "--gpus-per-node", description = "GPUs per simulated node. Default: ${DEFAULT-VALUE}", defaultValue = "8")
    int gpusPerNode;

    @Option(names = "--interval", description = "Collection interval in seconds. Default: ${DEFAULT-VALUE}", defaultValue = "5")
    int intervalSeconds;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Default: ${DEFAULT-VALUE}")
    int kafkaPort;

    @Option(names = "--clickhouse-port", defaultValue = "8123", description = "ClickHouse HTTP port. Default: ${DEFAULT-VALUE}")
    int clickhousePort;

    @Option(names = "--dashboard-port", defaultValue = "8080", description = "Default: ${DEFAULT-VALUE}")
    int dashboardPort;

    @Option(names = "--alerts-port", defaultValue = "9094", description = "Alerts service API (silences, alerts). Default: ${DEFAULT-VALUE}")
    int alertsPort;

    @Option(names = "--alerts-config", description = "Alerts routing and receivers. Default: <home>/alerts/config/alerts.local.yaml")
    Path alertsConfig;

    @Option(names = "--slos", description = "OpenSLO file the stream job evaluates. Default: <home>/stream-jobs/config/slos.local.yaml")
    Path slos;

    @Option(names = "--owners", description = "Hardware owners for cost attribution. Default: <home>/stream-jobs/config/owners.local.yaml")
    Path owners;

    @Option(names = "--fault", paramLabel = "FAULT:NODE:AFTER:DURATION",
            description = "Inject a fault into the simulated fleet, e.g. thermal-throttling:sim-node-02:2m:10m "
                    + "(thermal-throttling, xid-storm, nic-flapping, drifting-feature). Repeatable.")
    java.util.List<String> faultSpecs = new java.util.ArrayList<>();

    @Option(names = "--no-alerts", description = "Run without the alerts service.")
    boolean noAlerts;

    @Option(names = "--no-host-metrics", description = "Do not collect this machine's network and disk counters.")
    boolean noHostMetrics;

    @Option(names = "--no-dashboard", description = "Run without the dashboard.")
    boolean noDashboard;

    @Option(names = "--job-parallelism", description = "Subtasks of the points job, 1 to " + StackOptions.OTLP_PARTITIONS
            + " (one per Kafka partition at most). Default: one per core, up to " + StackOptions.OTLP_PARTITIONS + ".")
    Integer jobParallelism;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || gpusPerNode < 1 || intervalSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--nodes, --gpus-per-node and --interval must be at least 1"
                    + " (got " + nodes + ", " + gpusPerNode + ", " + intervalSeconds + ")");
        }
        if (jobParallelism != null && (jobParallelism < 1 || jobParallelism > StackOptions.OTLP_PARTITIONS)) {
            throw new ParameterException(spec.commandLine(), "--job-parallelism must be 1 to " + StackOptions.OTLP_PARTITIONS
                    + ", one subtask per Kafka partition at most (got " + jobParallelism + ")");
        }
        java.util.List<FaultSchedule> faults = new java.util.ArrayList<>();
        for (String faultSpec : faultSpecs) {
            try {
                FaultSchedule fault = FaultSchedule.parse(faultSpec);
                int node = fault.node().matches("sim-node-\\d+") ? Integer.parseInt(fault.node().substring(9)) : 0;
                if (node < 1 || node > nodes) {
                    throw new IllegalArgumentException("--fault '" + faultSpec + "': no simulated node '" + fault.node()
                            + "'; nodes are sim-node-01 to sim-node-" + String.format("%02d", nodes));
                }
                faults.add(fault);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Path home = this.home.toAbsolutePath().normalize();
        Path var = (varDir == null ? home.resolve("var") : varDir).toAbsolutePath().normalize();
        // A server left by a killed run holds its port: stop it before judging the ports.
        LocalClickHouseServer.stopLeftover(var.resolve("clickhouse"));
        refuseTakenPorts();
        Files.createDirectories(var.resolve("log"));
        Path dashboardJar = noDashboard ? null : home.resolve("dashboard/target/fathom-dashboard.jar");
        Path alerts = noAlerts ? null : (alertsConfig != null ? alertsConfig : home.resolve("alerts/config/alerts.local.yaml"));
        StackOptions options = new StackOptions(var, kafkaPort, clickhousePort, dashboardPort, nodes, gpusPerNode,
                Duration.ofSeconds(intervalSeconds), !noHostMetrics, dashboardJar, alertsPort, alerts,
                slos != null ? slos : home.resolve("stream-jobs/config/slos.local.yaml"),
                owners != null ? owners : home.resolve("stream-jobs/config/owners.local.yaml"), faults,
                jobParallelism != null ? jobParallelism : StackOptions.defaultJobParallelism());

        PrintStream out = System.out;
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        // Handle Ctrl-C and SIGTERM ourselves, before the JVM's shutdown begins, so components
        // stop in order while Flink, Kafka and logging are still fully alive.
        Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
        Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());

        out.println("Starting Fathom (data in " + var + ", logs in " + var.resolve("log") + ")");
        long t0 = System.nanoTime();
        LocalStack stack = LocalStack.start(options, out);
        Thread lastResort = new Thread(() -> {
            if (stopping.compareAndSet(false, true)) {
                stack.close();
            }
        }, "fathom-stop");
        Runtime.getRuntime().addShutdownHook(lastResort);

        out.printf(java.util.Locale.ROOT, "Fathom is up in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        stack.dashboardUrl().ifPresent(url -> {
            Path password = var.resolve("dashboard/first-run-admin-password.txt");
            out.println("Dashboard: " + url + (Files.isRegularFile(password)
                    ? "  (log in as admin with the password in " + password + ")" : ""));
        });
        out.println("ClickHouse: " + stack.clickhouseUrl() + " (database fathom)   Kafka: " + stack.kafkaBootstrapServers());
        out.println("Press Ctrl-C to stop.");
        out.flush();

        stopRequested.await();
        out.println("Stopping Fathom...");
        long stopStart = System.nanoTime();
        if (stopping.compareAndSet(false, true)) {
            stack.close();
        }
        out.printf(java.util.Locale.ROOT, "Stopped in %.1f s.%n", (System.nanoTime() - stopStart) / 1e9);
        return 0;
    }

    /** Names every taken port and the flag that moves it, before anything starts. */
    private void refuseTakenPorts() {
        java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        ports.put("--kafka-port", kafkaPort);
        ports.put("--clickhouse-port", clickhousePort);
        if (!noAlerts) {
            ports.put("--alerts-port", alertsPort);
        }
        if (!noDashboard) {
            ports.put("--dashboard-port", dashboardPort);
        }
        java.util.List<String> taken = ports.entrySet().stream()
                .filter(p -> dev.fathom.local.FreePorts.isListening(p.getValue()))
                .map(p -> p.getValue() + " (" + p.getKey() + ")")
                .toList();
        if (!taken.isEmpty()) {
            throw new IllegalStateException("port " + String.join(", ", taken) + " on 127.0.0.1 is already in use."
                    + " Stop what listens there (a clickhouse-server system service, an earlier `fathom up`?)"
                    + " or choose other ports with the flags named.");
        }
    }
}
