package dev.fathom.collectors.drift;

import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.Topics;
import dev.fathom.model.kafka.KafkaClientProperties;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom drift run}: the drift monitor as a process. Reads feature records from Kafka and/or
 * JSON-lines files, compares windows with the reference profiles and exports the drift gauges as
 * OTLP to Kafka (topic otlp_metrics) every interval. Stops on SIGINT/SIGTERM after comparing and
 * exporting what it holds.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Monitor inference feature records for drift and export the drift gauges to Kafka as OTLP.")
public final class DriftRunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "PROFILE", description = "Reference profile file (one per model; repeat).")
    List<Path> profiles;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*; see docs/security.md); "
                    + "default $FATHOM_KAFKA_CONFIG, else PLAINTEXT.")
    Path kafkaConfig;

    @Option(names = "--features-topic", defaultValue = Topics.INFERENCE_FEATURES,
            description = "Topic of feature records (default ${DEFAULT-VALUE}); '' to read none.")
    String featuresTopic;

    @Option(names = "--group-id", defaultValue = "fathom-drift", description = "Consumer group (default ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--from-start", description = "A new consumer group starts at the oldest record, and files are read from their first line, instead of new records only.")
    boolean fromStart;

    @Option(names = "--file", paramLabel = "FILE", description = "JSON-lines file of feature records to follow (repeat).")
    List<Path> files = List.of();

    @Option(names = "--metrics-topic", defaultValue = Topics.OTLP_METRICS, description = "Topic for the drift gauges (default ${DEFAULT-VALUE}).")
    String metricsTopic;

    @Option(names = "--interval", defaultValue = "PT10S", description = "Export interval, ISO-8601 (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--window-rows", defaultValue = "1000", description = "Compare a window once it holds this many records (default ${DEFAULT-VALUE}).")
    int windowRows;

    @Option(names = "--window-max-age", defaultValue = "PT5M", description = "... or once it is this old (default ${DEFAULT-VALUE}) ...")
    Duration windowMaxAge;

    @Option(names = "--window-min-rows", defaultValue = "100", description = "... and holds at least this many (default ${DEFAULT-VALUE}).")
    int windowMinRows;

    @Option(names = "--ks-p", defaultValue = "0.05", description = "KS p-value threshold (default ${DEFAULT-VALUE}).")
    double ksPValue;

    @Option(names = "--chi-square-p", defaultValue = "0.05", description = "Chi-square p-value threshold (default ${DEFAULT-VALUE}).")
    double chiSquarePValue;

    @Option(names = "--wasserstein", defaultValue = "0.1", description = "Normed Wasserstein threshold (default ${DEFAULT-VALUE}).")
    double wasserstein;

    @Option(names = "--jensen-shannon", defaultValue = "0.1", description = "Jensen-Shannon distance threshold (default ${DEFAULT-VALUE}).")
    double jensenShannon;

    @Option(names = "--psi", defaultValue = "0.1", description = "PSI threshold (default ${DEFAULT-VALUE}).")
    double psi;

    @Option(names = "--small-reference-rows", defaultValue = "1000",
            description = "References up to this many rows are judged by KS/chi-square, larger ones by Wasserstein/Jensen-Shannon (default ${DEFAULT-VALUE}).")
    long smallReferenceRows;

    /** Counted down to stop; tests and the shutdown hook use it. */
    final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DriftMonitor monitor;
        try {
            List<ReferenceProfile> loaded = new ArrayList<>();
            for (Path file : profiles) {
                loaded.add(ReferenceProfile.read(file));
            }
            monitor = new DriftMonitor(DriftMonitor.byModel(loaded),
                    new DriftThresholds(ksPValue, chiSquarePValue, wasserstein, jensenShannon, psi, smallReferenceRows),
                    new WindowPolicy(windowRows, windowMaxAge, windowMinRows), Clock.systemUTC());
        } catch (IOException | IllegalArgumentException e) {
            err.println("drift run: " + e.getMessage());
            return 2;
        }
        KafkaClientProperties kafka;
        try {
            kafka = KafkaClientProperties.resolve(kafkaConfig);
        } catch (IllegalArgumentException e) {
            err.println("drift run: " + e.getMessage());
            return 2;
        }
        if (featuresTopic.isBlank() && files.isEmpty()) {
            err.println("drift run: nothing to read: give --features-topic or --file");
            return 2;
        }

        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey(AttributeKeys.SERVICE_NAME), "fathom-drift",
                AttributeKey.stringKey(AttributeKeys.HOST_NAME), InetAddress.getLocalHost().getHostName())));
        KafkaMetricExporter exporter = KafkaMetricExporter.builder()
                .bootstrapServers(bootstrapServers).topic(metricsTopic).kafkaConfig(kafka).build();
        SdkMeterProvider meterProvider = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(interval).build())
                .build();
        new DriftMetricsSource(monitor).register(meterProvider.get("dev.fathom.collectors.drift"));

        List<AutoCloseable> sources = new ArrayList<>();
        if (!featuresTopic.isBlank()) {
            sources.add(new KafkaFeatureSource(bootstrapServers, featuresTopic, groupId, fromStart, monitor, kafka).start());
        }
        for (Path file : files) {
            sources.add(new JsonLinesTail(file, monitor, 500, fromStart).start());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(stopped);
        }, "drift-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().printf("Drift monitor: %d model(s), %d source(s), gauges to %s at %s every %s%n",
                profiles.size(), sources.size(), metricsTopic, bootstrapServers, interval);
        spec.commandLine().getOut().flush();
        try {
            stop.await();
        } finally {
            for (AutoCloseable source : sources) {
                source.close();
            }
            monitor.flush();
            meterProvider.forceFlush().join(30, TimeUnit.SECONDS);
            meterProvider.shutdown().join(30, TimeUnit.SECONDS);
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is what stopped us.
            }
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
