package dev.fathom.collectors.bench;

import dev.fathom.collectors.cli.CollectCommand;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Collector cost per host: CPU share of one core and resident memory of a collector process at a
 * 1 s interval with 8 simulated GPUs plus this machine's host sources (network, disks, file
 * systems, NFS, InfiniBand when present), writing to a real Kafka broker through the spool.
 *
 * <p>The broker runs in this JVM; the collector is its own JVM ({@code collect --config}), so
 * the figures are the collector's alone, read from /proc/PID/stat and /proc/PID/status. Run (see
 * docs/collectors.md):
 * <pre>
 * mvn -B -q -o -pl collectors dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp collectors/target/classes:collectors/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.fathom.collectors.bench.CollectorBenchmark [measure-seconds] [warm-up-seconds] [gpus-only]
 * </pre>
 */
public final class CollectorBenchmark {

    /**
     * The collector's JVM settings, as {@code ./fathom collect} passes them: a java argument file
     * ({@code java @collectors/collector.jvm-options}), so the benchmark and the product cannot differ.
     */
    static Path jvmOptionsFile() {
        // Only to compare other settings (e.g. the earlier ones); the figures use the product's file.
        String other = System.getProperty("bench.jvmOptions");
        if (other != null) {
            return Path.of(other).toAbsolutePath();
        }
        for (Path candidate : List.of(Path.of("collectors", "collector.jvm-options"), Path.of("collector.jvm-options"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("collectors/collector.jvm-options not found: run from the repository root");
    }

    private CollectorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int measureSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        // "gpus-only" leaves the host sources out, to see what they cost.
        boolean hostSources = args.length <= 2 || !args[2].equals("gpus-only");
        Path dir = Files.createTempDirectory("fathom-collector-bench");
        int port = FreePorts.pick();
        try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), port)) {
            broker.createTopics(1, List.of("otlp_metrics"));
            Path config = dir.resolve("collector.yaml");
            Files.writeString(config, """
                    interval: 1s
                    host:
                      name: bench-host
                    kafka:
                      bootstrap_servers: %s
                    spool:
                      directory: %s
                    sources:
                      host_metrics:
                        enabled: %s
                      simulated_fleet:
                        nodes: 1
                        gpus_per_node: 8
                    """.formatted(broker.bootstrapServers(), dir.resolve("spool"), hostSources));
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            Path jvmOptions = jvmOptionsFile();
            command.add("@" + jvmOptions);
            // Extra flags for profiling runs only (e.g. -XX:StartFlightRecording=...), never for the figures.
            String extra = System.getProperty("bench.extraJvm", "").strip();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.add("-Dlog4j2.configurationFile=classpath:fathom-collector-log4j2.xml");
            // -Dbench.cli=CLASSPATH runs the product's entry point instead, as ./fathom collect does:
            // dev.fathom.cli.Fathom collect (cli/target/fathom-cli.jar and its classpath).
            String cli = System.getProperty("bench.cli");
            if (cli != null) {
                command.addAll(List.of("-cp", cli, "dev.fathom.cli.Fathom", "collect", "--config", config.toString()));
            } else {
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), CollectCommand.class.getName(),
                        "--config", config.toString()));
            }
            Process collector = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("collector.log").toFile()).start();
            try {
                TimeUnit.SECONDS.sleep(warmupSeconds);
                long pid = collector.pid();
                double cpuStart = cpuSeconds(pid);
                java.util.Map<String, Long> threadsStart = threadTicks(pid);
                long wallStart = System.nanoTime();
                long maxRss = 0;
                for (int s = 0; s < measureSeconds; s++) {
                    TimeUnit.SECONDS.sleep(1);
                    maxRss = Math.max(maxRss, rssBytes(pid));
                }
                double cpu = cpuSeconds(pid) - cpuStart;
                java.util.Map<String, Long> threadsEnd = threadTicks(pid);
                double wall = (System.nanoTime() - wallStart) / 1e9;
                long rss = rssBytes(pid);
                System.out.printf(Locale.ROOT, "collector: 1 s interval, 8 simulated GPUs%s, spool on, %d s measured after %d s warm-up%n",
                        hostSources ? " + host sources" : " only", measureSeconds, warmupSeconds);
                System.out.printf(Locale.ROOT, "cpu_percent_of_one_core=%.2f%n", 100 * cpu / wall);
                System.out.printf(Locale.ROOT, "rss_mb_end=%.1f rss_mb_max=%.1f%n", rss / 1048576.0, maxRss / 1048576.0);
                System.out.printf(Locale.ROOT, "collector_jvm=@%s: %s%n", jvmOptions,
                        String.join(" ", Files.readAllLines(jvmOptions)));
                System.out.printf(Locale.ROOT, "load_average_at_end=%s%n", Files.readString(Path.of("/proc/loadavg")).strip());
                printThreads(threadsStart, threadsEnd, wall);
            } finally {
                collector.destroy();
                if (!collector.waitFor(30, TimeUnit.SECONDS)) {
                    collector.destroyForcibly().waitFor();
                }
                System.out.println("collector exit code after SIGTERM: " + collector.exitValue());
            }
        }
    }

    /** utime + stime of the process, in seconds (clock ticks of 1/100 s on Linux). */
    static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is state (field 3); utime is field 14 and stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** CPU ticks per thread, by "tid name". */
    static java.util.Map<String, Long> threadTicks(long pid) throws Exception {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(task.getFileName() + " " + name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (java.io.IOException e) {
                    // the thread ended
                }
            }
        }
        return ticks;
    }

    /** Where the CPU went: share of one core per thread over the measured time (threads under 0.01 % left out). */
    static void printThreads(java.util.Map<String, Long> start, java.util.Map<String, Long> end, double wallSeconds) {
        end.entrySet().stream()
                .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - start.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  thread %-28s %.3f %%%n", e.getKey(),
                        100 * e.getValue() / 100.0 / wallSeconds));
    }

    static long rssBytes(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

}
