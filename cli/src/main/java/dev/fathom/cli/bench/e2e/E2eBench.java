package dev.fathom.cli.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.fathom.cli.up.LocalStack;
import dev.fathom.model.Topics;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.streamjobs.points.PointsJobConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code fathom bench e2e}: the whole pipeline on this machine under a load generator, against
 * Prometheus fed the same points by remote write, and against ClickHouse's bare insert rate.
 * docs/benchmarks.md ("End to end") explains the method and the figures.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end ingest: OTLP into Kafka, the Flink points job, ClickHouse; side by side with",
                "Prometheus 2.42 fed the same points by remote write, and ClickHouse's bare insert rate.",
                "Ramps the offered rate until a step falls behind, unless --points-per-second is given."})
public final class E2eBench implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(E2eBench.class);
    static final String DATABASE = "fathom";
    static final String CEILING_DATABASE = "fathom_ceiling";
    static final String GROUP = "fathom-points";
    static final int PARTITIONS = 4;
    static final String DOCS_PLOT = "docs/images/e2e-rate-vs-freshness.png";

    @Spec
    CommandSpec spec;

    @Option(names = "--points-per-second", defaultValue = "0",
            description = "Offer this fixed rate for one step instead of ramping (default: ramp).")
    double pointsPerSecond;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "Length of each step, e.g. 20s, 1m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--series", defaultValue = "40000",
            description = "Series in the generated fleet, a multiple of 32 (hosts x 8 GPUs x 4 gauges); default ${DEFAULT-VALUE} = 10,000 GPUs.")
    int seriesCount;

    @Option(names = "--ramp-start", defaultValue = "25000", description = "First offered rate of a ramp, points/s (default: ${DEFAULT-VALUE}).")
    double rampStart;

    @Option(names = "--ramp-factor", defaultValue = "2", description = "Each step offers this many times the last (default: ${DEFAULT-VALUE}).")
    double rampFactor;

    @Option(names = "--ramp-refine", defaultValue = "2",
            description = "Steps between the last rate that held and the first that did not (default: ${DEFAULT-VALUE}).")
    int rampRefine;

    @Option(names = "--max-rate", defaultValue = "4000000", description = "Highest rate a ramp offers (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--points-per-record", defaultValue = "1000",
            description = "Points per Kafka record, and samples per remote-write request (default: ${DEFAULT-VALUE}).")
    int pointsPerRecord;

    @Option(names = "--checkpoint-interval", defaultValue = "2s", converter = DurationConverter.class,
            description = "The points job's checkpoint interval: its exactly-once sink writes to ClickHouse on each (default: ${DEFAULT-VALUE}).")
    Duration checkpointInterval;

    @Option(names = "--job-parallelism", description = "Subtasks of the points job, 1 to " + PARTITIONS
            + " (default: one per core, up to " + PARTITIONS + ").")
    Integer jobParallelism;

    @Option(names = "--batch-size", defaultValue = "100000", description = "The points job's rows per insert at most (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--cost", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "Run the job's cost stage as ./fathom up does (default: on; --no-cost for the points path alone).")
    boolean cost;

    @Option(names = "--anomalies", defaultValue = "false", description = "Run the job's anomaly detector on every GPU series (default: off).")
    boolean anomalies;

    @Option(names = "--freshness-limit", defaultValue = "30", description = "A step whose freshness p99 is above this many seconds fails (default: ${DEFAULT-VALUE}).")
    double freshnessLimitSeconds;

    @Option(names = "--prometheus-senders", defaultValue = "4",
            description = "Remote-write requests in flight at once, like Prometheus' queue shards (default: ${DEFAULT-VALUE}).")
    int prometheusSenders;

    @Option(names = "--ceiling-duration", defaultValue = "20s", converter = DurationConverter.class,
            description = "How long the bare ClickHouse insert runs (default: ${DEFAULT-VALUE}).")
    Duration ceilingDuration;

    @Option(names = "--skip-prometheus", description = "Leave Prometheus out.")
    boolean skipPrometheus;

    @Option(names = "--skip-fathom", description = "Leave Fathom (and the ceiling) out: Prometheus alone.")
    boolean skipFathom;

    @Option(names = "--skip-ceiling", description = "Leave the bare ClickHouse insert out.")
    boolean skipCeiling;

    @Option(names = "--out", description = "Where results.json and the plot go (default: var/bench/e2e-TIME).")
    Path outDir;

    @Option(names = "--docs-plot", description = "Also write the plot to " + DOCS_PLOT + " (run from the repository root).")
    boolean docsPlot;

    @Option(names = "--work-dir", description = "Where Kafka, ClickHouse and Prometheus keep their data (default: a temporary directory, deleted after).")
    Path workDir;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final Deque<AutoCloseable> running = new ArrayDeque<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GeneratedSeries series;
        try {
            series = new GeneratedSeries(seriesCount);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("fathom bench e2e: " + e.getMessage());
            return 2;
        }
        if (jobParallelism == null) {
            jobParallelism = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), PARTITIONS));
        }
        if (jobParallelism < 1 || jobParallelism > PARTITIONS) {
            spec.commandLine().getErr().println("fathom bench e2e: --job-parallelism must be 1 to " + PARTITIONS + " (got " + jobParallelism + ")");
            return 2;
        }
        if (pointsPerRecord < 1 || duration.toSeconds() < 5 || (pointsPerSecond < 0)) {
            spec.commandLine().getErr().println("fathom bench e2e: --points-per-record must be >= 1, --duration >= 5s, --points-per-second >= 0");
            return 2;
        }
        if (!skipPrometheus && PrometheusServer.findBinary().isEmpty()) {
            spec.commandLine().getErr().println("fathom bench e2e: no Prometheus at " + PrometheusServer.DEFAULT_BINARY
                    + " (sudo apt-get install -y prometheus, or FATHOM_PROMETHEUS_BIN, or --skip-prometheus)");
            return 2;
        }
        Path out0 = outDir != null ? outDir : Path.of("var", "bench",
                "e2e-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        Files.createDirectories(out0);
        boolean tempWork = workDir == null;
        Path work = tempWork ? Files.createTempDirectory("fathom-bench-e2e") : workDir;
        Signal.handle(new Signal("INT"), s -> requestStop(out));
        Signal.handle(new Signal("TERM"), s -> requestStop(out));
        Thread lastResort = new Thread(this::closeAll, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(lastResort);

        out.printf(Locale.ROOT, "fathom bench e2e: %,d series (%,d hosts x %d GPUs x %d gauges), %,d points per record/request, "
                        + "steps of %d s, checkpoint every %s, job parallelism %d, load average %s, %d cores%n",
                series.count(), series.hosts(), GeneratedSeries.GPUS_PER_HOST, GeneratedSeries.GAUGES.size(), pointsPerRecord,
                duration.toSeconds(), checkpointInterval, jobParallelism, Uptime.loads(), Runtime.getRuntime().availableProcessors());
        out.flush();
        ResourceSampler resources = new ResourceSampler();
        Report report = new Report();
        report.settings = settings(series);
        report.loadBefore = Uptime.loads();
        try {
            if (!skipFathom) {
                runFathom(series, work, resources, report, out);
            }
            if (!stop.get() && !skipPrometheus) {
                runPrometheus(series, work, resources, report, out);
            }
        } finally {
            closeAll();
            Runtime.getRuntime().removeShutdownHook(lastResort);
            if (tempWork) {
                deleteTree(work);
            }
        }
        report.loadAfter = Uptime.loads();
        report.finish();
        report.print(out);
        Path json = out0.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
        Path png = out0.resolve("e2e-rate-vs-freshness.png");
        String subtitle = String.format(Locale.ROOT, "%,d series, %d s steps, checkpoint %s, job parallelism %d, %d cores, load %s",
                series.count(), duration.toSeconds(), checkpointInterval, jobParallelism, Runtime.getRuntime().availableProcessors(), report.loadAfter);
        RatePlot.write(png, report.fathomSteps, report.prometheusSteps, report.ceilingRowsPerSecond,
                report.fathomSustained, report.prometheusSustained, subtitle);
        if (docsPlot) {
            Files.createDirectories(Path.of(DOCS_PLOT).getParent());
            Files.copy(png, Path.of(DOCS_PLOT), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        out.printf(Locale.ROOT, "results: %s%nplot: %s%s%n", json, png, docsPlot ? " (and " + DOCS_PLOT + ")" : "");
        out.flush();
        return stop.get() ? 1 : 0;
    }

    private void requestStop(PrintWriter out) {
        if (stop.compareAndSet(false, true)) {
            out.println("stopping: stopping the load and every process; results so far follow");
            out.flush();
        }
    }

    private Map<String, Object> settings(GeneratedSeries series) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("series", series.count());
        s.put("hosts", series.hosts());
        s.put("pointsPerRecord", pointsPerRecord);
        s.put("stepSeconds", duration.toSeconds());
        s.put("fixedRate", pointsPerSecond);
        s.put("rampStart", rampStart);
        s.put("rampFactor", rampFactor);
        s.put("checkpointIntervalMs", checkpointInterval.toMillis());
        s.put("batchSize", batchSize);
        s.put("cost", cost);
        s.put("anomalies", anomalies);
        s.put("kafkaPartitions", PARTITIONS);
        s.put("jobParallelism", jobParallelism);
        s.put("prometheusSenders", prometheusSenders);
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        return s;
    }

    // ---- Fathom: Kafka -> Flink -> ClickHouse, then the bare insert ceiling -----------------------

    private void runFathom(GeneratedSeries series, Path work, ResourceSampler resources, Report report, PrintWriter out)
            throws Exception {
        out.println("starting Kafka, ClickHouse and the points job:");
        out.flush();
        PrintStream startLines = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void flush() {
                out.flush();
            }
        }, true, StandardCharsets.UTF_8);
        LocalStack stack = LocalStack.startPipeline(work.resolve("stack"), DATABASE, PARTITIONS, jobParallelism,
                (kafka, clickhouse) -> new PointsJobConfig(kafka, Topics.OTLP_METRICS, GROUP, clickhouse, DATABASE,
                        checkpointInterval, batchSize, false, false)
                        .withAnalytics("", "", cost, "")
                        .withAnomalies(anomalies),
                startLines);
        register(stack);
        resources.addChild(ResourceSampler.CLICKHOUSE, stack.clickhousePid());
        ClickHouseHttp clickhouse = new ClickHouseHttp(stack.clickhouseUrl(), DATABASE, Duration.ofMinutes(5));
        FreshnessProbe freshness = register(new FreshnessProbe(clickhouse));
        KafkaOtlpTarget target = register(new KafkaOtlpTarget(stack.kafkaBootstrapServers(), Topics.OTLP_METRICS,
                new OtlpRecords(series, pointsPerRecord), freshness));
        FathomBackend backend = register(new FathomBackend(target, clickhouse, freshness, stack.kafkaBootstrapServers(),
                Topics.OTLP_METRICS, GROUP));
        PacedLoad load = register(new PacedLoad(target));
        RampRunner runner = new RampRunner(backend, load, resources, out, duration, freshnessLimitSeconds, stop::get);
        out.println("Fathom:");
        out.flush();
        runner.warmUp(Math.min(rampStart, 10_000));
        report.fathomSteps = runner.run(new RampPlan(rampStart, rampFactor, rampRefine, maxRate), pointsPerSecond);

        // Everything the load sent must be in ClickHouse, once and only once.
        load.setRate(0);
        target.flush();
        long sent = load.generated() + target.markers();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!stop.get() && backend.stored() < target.ackedPoints() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("generatedPoints", sent);
        check.put("kafkaAcknowledgedPoints", target.ackedPoints());
        check.put("failedSends", target.failedPoints());
        if (stop.get()) {
            check.put("nothingDroppedOrDoubled", "not checked: stopped before the pipeline drained");
            out.println("  check: not done, stopped before the pipeline drained");
        } else {
            long rows = backend.countedRows();
            check.put("rowsInClickHouse", rows);
            check.put("nothingDroppedOrDoubled", rows == sent && target.ackedPoints() == sent);
            out.printf(Locale.ROOT, "  check: %,d points generated, %,d acknowledged by Kafka, %,d rows in ClickHouse: %s%n",
                    sent, target.ackedPoints(), rows, rows == sent ? "none dropped or doubled" : "MISMATCH");
        }
        report.fathomCheck = check;
        out.flush();
        closeUpTo(load);

        if (!stop.get() && !skipCeiling) {
            ClickHouseHttp ceiling = new ClickHouseHttp(stack.clickhouseUrl(), CEILING_DATABASE, Duration.ofMinutes(5));
            new Migrator(ceiling).migrate();
            out.printf(Locale.ROOT, "ClickHouse insert ceiling (RowBinary into points with its views, %d s):%n", ceilingDuration.toSeconds());
            out.flush();
            InsertCeiling.Result result = InsertCeiling.measure(ceiling, "points", series, 100_000, 5, ceilingDuration, resources,
                    stop::get);
            report.ceilingRowsPerSecond = result.rowsPerSecond();
            report.ceilingCores = result.cores();
            report.ceilingLoad = Uptime.load1();
            out.printf(Locale.ROOT, "  %,.0f rows/s (%,d rows in %.1f s), clickhouse %.2f cores, load %.2f%n",
                    result.rowsPerSecond(), result.rows(), result.seconds(),
                    result.cores().getOrDefault(ResourceSampler.CLICKHOUSE, 0.0), report.ceilingLoad);
            out.flush();
            if (!stop.get()) {
                InsertCeiling.createTableWithoutViews(ceiling);
                out.printf(Locale.ROOT, "ClickHouse insert ceiling without views (the same rows into %s, %d s):%n",
                        InsertCeiling.NO_VIEWS_TABLE, ceilingDuration.toSeconds());
                out.flush();
                InsertCeiling.Result bare = InsertCeiling.measure(ceiling, InsertCeiling.NO_VIEWS_TABLE, series, 100_000, 5,
                        ceilingDuration, resources, stop::get);
                report.ceilingNoViewsRowsPerSecond = bare.rowsPerSecond();
                report.ceilingNoViewsCores = bare.cores();
                out.printf(Locale.ROOT, "  %,.0f rows/s (%,d rows in %.1f s), clickhouse %.2f cores, load %.2f%n",
                        bare.rowsPerSecond(), bare.rows(), bare.seconds(),
                        bare.cores().getOrDefault(ResourceSampler.CLICKHOUSE, 0.0), Uptime.load1());
                out.flush();
            }
        }
        out.println("stopping the Fathom pipeline");
        out.flush();
        closeAll();
        resources.removeChild(ResourceSampler.CLICKHOUSE);
    }

    // ---- Prometheus, same points by remote write ---------------------------------------------------

    private void runPrometheus(GeneratedSeries series, Path work, ResourceSampler resources, Report report, PrintWriter out)
            throws Exception {
        Path binary = PrometheusServer.findBinary().orElseThrow();
        PrometheusServer prometheus = register(PrometheusServer.start(binary, work.resolve("prometheus")));
        resources.addChild(ResourceSampler.PROMETHEUS, prometheus.pid());
        resources.httpClientThreadsBelongTo(ResourceSampler.LOAD);
        out.printf(Locale.ROOT, "Prometheus (%s, remote write at %s, %d senders):%n", binary, prometheus.remoteWriteUri(), prometheusSenders);
        out.flush();
        RemoteWriteTarget target = register(new RemoteWriteTarget(series, prometheus.remoteWriteUri(), pointsPerRecord, prometheusSenders));
        PacedLoad load = register(new PacedLoad(target));
        PrometheusBackend backend = new PrometheusBackend(prometheus, target);
        RampRunner runner = new RampRunner(backend, load, resources, out, duration, freshnessLimitSeconds, stop::get);
        runner.warmUp(Math.min(rampStart, 10_000));
        report.prometheusSteps = runner.run(new RampPlan(rampStart, rampFactor, rampRefine, maxRate), pointsPerSecond);
        load.setRate(0);
        target.drain();
        Thread.sleep(500);
        Map<String, Object> check = new LinkedHashMap<>();
        long sent = load.generated() + target.markers();
        check.put("generatedPoints", sent);
        check.put("acceptedPoints", target.ackedPoints());
        check.put("appendedSamples", backend.stored());
        check.put("failedRequests", target.failedRequests());
        check.put("firstFailure", target.firstFailure());
        report.prometheusCheck = check;
        out.printf(Locale.ROOT, "  check: %,d samples generated, %,d accepted (2xx), %,d appended to the head, %,d failed requests%s%n",
                sent, target.ackedPoints(), backend.stored(), target.failedRequests(),
                target.firstFailure() == null ? "" : " (first: " + target.firstFailure() + ")");
        out.flush();
        closeAll();
        resources.removeChild(ResourceSampler.PROMETHEUS);
    }

    // ---- resources -----------------------------------------------------------------------------

    private synchronized <T extends AutoCloseable> T register(T closeable) {
        running.push(closeable);
        return closeable;
    }

    /** Closes everything registered after {@code last}, and {@code last} itself. */
    private synchronized void closeUpTo(AutoCloseable last) {
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            closeQuietly(c);
            if (c == last) {
                return;
            }
        }
    }

    private synchronized void closeAll() {
        while (!running.isEmpty()) {
            closeQuietly(running.pop());
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }

    /** "20s", "2m", "1h", "PT20S" or plain seconds. */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("not a duration: " + value + " (e.g. 20s, 1m)");
            };
        }
    }

    Optional<Path> outDir() {
        return Optional.ofNullable(outDir);
    }
}
