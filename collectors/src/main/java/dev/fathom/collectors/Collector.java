package dev.fathom.collectors;

import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.collectors.export.SpooledOtlpSink;
import dev.fathom.collectors.export.TransportStats;
import dev.fathom.collectors.receiver.OtlpReceiver;
import dev.fathom.collectors.receiver.ReceiverSettings;
import dev.fathom.collectors.health.SelfMetricsServer;
import dev.fathom.collectors.reading.ReadingSource;
import dev.fathom.collectors.reading.ReadingsMetricProducer;
import dev.fathom.collectors.reading.SourceStats;
import dev.fathom.collectors.gpu.FeatureRecordPublisher;
import dev.fathom.collectors.gpu.GpuMetricsSource;
import dev.fathom.collectors.gpu.InferenceFeatureRecords;
import dev.fathom.collectors.gpu.SimulatedNetworkSource;
import dev.fathom.collectors.gpu.SimulatedGpuFleet;
import dev.fathom.collectors.gpu.SimulatedNode;
import dev.fathom.collectors.host.DiskMetricsSource;
import dev.fathom.collectors.host.FilesystemSource;
import dev.fathom.collectors.host.InfinibandSource;
import dev.fathom.collectors.host.NfsClientSource;
import dev.fathom.collectors.host.SysNetworkSource;
import dev.fathom.collectors.host.NetworkMetricsSource;
import dev.fathom.model.kafka.KafkaClientProperties;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.Topics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running collector: metric sources read every interval and exported to Kafka as OTLP.
 *
 * <pre>{@code
 * try (Collector collector = Collector.builder()
 *         .bootstrapServers("localhost:9092")
 *         .topic(Topics.OTLP_METRICS)                 // the default
 *         .interval(Duration.ofSeconds(5))            // default 10 s
 *         .simulatedFleet(4, 8)                       // sim-node-01..04, 8 GPUs each
 *         .hostMetrics(Path.of("/proc"))              // this machine's network and disks
 *         .build()) {
 *     collector.start();
 *     ...                                             // runs on its own threads
 * }                                                   // close(): exports the last interval, then stops
 * }</pre>
 *
 * <p>Each host is its own OpenTelemetry resource, as it would be with one collector per node:
 * every simulated node ({@code host.name=sim-node-NN}, {@code cluster=sim}) and this machine
 * ({@code host.name} = {@link Builder#hostName}, {@code cluster} = {@link Builder#cluster}), each
 * with {@code service.name=fathom-collector}. Every resource gets its own meter provider and
 * reader; one thread collects them all every interval and hands them to one Kafka exporter in one
 * call, which writes one record per host.
 *
 * <p>{@link #close()} collects and exports a final interval, waits until Kafka has acknowledged
 * it and closes the producer, so stopping loses nothing that was collected.
 */
public final class Collector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);

    static final String SERVICE_NAME = "fathom-collector";
    static final String INSTRUMENTATION_SCOPE = "dev.fathom.collectors";
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final KafkaMetricExporter.Builder exporterBuilder;
    private final Duration interval;
    private final Map<Resource, List<MetricSource>> sourcesByResource;
    private final Map<Resource, List<ReadingSource>> readingSourcesByResource;
    private final List<SourceStats> sourceStats = new ArrayList<>();
    private volatile KafkaMetricExporter exporter;
    private final InetSocketAddress selfMetricsAddress;
    private SelfMetricsServer selfMetrics;
    private final SimulatedGpuFleet fleet;
    private final String featuresTopic;
    private final String bootstrapServers;
    private final KafkaClientProperties kafkaConfig;
    private FeatureRecordPublisher featurePublisher;
    private final ReceiverSettings receiverSettings;
    private OtlpReceiver receiver;
    private final List<SdkMeterProvider> meterProviders = new ArrayList<>();
    private final List<CollectingReader> readers = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    /** False while an export is still running (without a spool it waits for Kafka). */
    private volatile boolean exportAvailable = true;
    private volatile CompletableResultCode lastExport;
    /** Not the collector's own monitor: close() holds that while it waits for a collection to end. */
    private final Object collectLock = new Object();
    private boolean started;
    private boolean closed;

    private Collector(Builder builder, Map<Resource, List<MetricSource>> sourcesByResource,
            Map<Resource, List<ReadingSource>> readingSourcesByResource) {
        this.exporterBuilder = builder.exporter;
        this.interval = builder.interval;
        this.sourcesByResource = sourcesByResource;
        this.readingSourcesByResource = readingSourcesByResource;
        this.selfMetricsAddress = builder.selfMetricsAddress;
        this.fleet = builder.fleet;
        this.featuresTopic = builder.featuresTopic;
        this.bootstrapServers = builder.bootstrapServers;
        this.kafkaConfig = builder.kafkaConfig;
        this.receiverSettings = builder.receiverSettings;
        readingSourcesByResource.values().forEach(list -> list.forEach(s -> sourceStats.add(new SourceStats(s.name()))));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The simulated fleet, to inject faults into ({@code fleet().node("sim-node-02").inject(...)}); null without one. */
    public SimulatedGpuFleet fleet() {
        return fleet;
    }

    /** The resources this collector reports, one per host. */
    public List<Resource> resources() {
        return List.copyOf(sourcesByResource.keySet());
    }

    /** Starts reading and exporting every interval; the first export comes one interval later. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("collector is closed");
        }
        if (started) {
            return;
        }
        started = true;
        exporter = exporterBuilder.build();
        for (Map.Entry<Resource, List<MetricSource>> host : sourcesByResource.entrySet()) {
            CollectingReader reader = new CollectingReader();
            var providerBuilder = SdkMeterProvider.builder()
                    .setResource(host.getKey())
                    .registerMetricReader(reader);
            List<ReadingSource> readingSources = readingSourcesByResource.getOrDefault(host.getKey(), List.of());
            if (!readingSources.isEmpty()) {
                List<SourceStats> stats = new ArrayList<>();
                for (ReadingSource source : readingSources) {
                    stats.add(statsOf(source));
                }
                providerBuilder.registerMetricProducer(new ReadingsMetricProducer(readingSources, stats, Clock.systemUTC()));
            }
            SdkMeterProvider provider = providerBuilder.build();
            for (MetricSource source : host.getValue()) {
                source.register(provider.get(INSTRUMENTATION_SCOPE));
            }
            meterProviders.add(provider);
            readers.add(reader);
        }
        // One thread reads every host and hands all of them to the exporter in one call: one
        // wake-up, one spool append burst and one Kafka round trip per interval, not one per host.
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "fathom-collect");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleAtFixedRate(this::collectAndExport, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        if (receiverSettings != null) {
            try {
                receiver = OtlpReceiver.start(receiverSettings,
                        new SpooledOtlpSink(exporter, 0.9, receiverSettings.retryAfter()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the OTLP receivers on " + receiverSettings.host() + ": "
                        + e.getMessage(), e);
            }
        }
        if (fleet != null && featuresTopic != null) {
            featurePublisher = new FeatureRecordPublisher(new InferenceFeatureRecords(fleet, SimulatedGpuFleet.DEFAULT_SEED),
                    bootstrapServers, featuresTopic, interval, Clock.systemUTC(), kafkaConfig);
        }
        if (selfMetricsAddress != null) {
            try {
                selfMetrics = SelfMetricsServer.start(selfMetricsAddress, this::sourceStats, this::transportStats);
                log.info("Self metrics on http://{}:{}/metrics", selfMetricsAddress.getHostString(), selfMetrics.port());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve self metrics on " + selfMetricsAddress + ": " + e.getMessage(), e);
            }
        }
        log.info("Collecting from {} host(s) every {} s with {}",
                sourcesByResource.size(), interval.toMillis() / 1000.0, exporter);
    }

    /** Exports the last interval, waits for Kafka to acknowledge it, and stops. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        // Stop taking pushed data first, so what was accepted is exported with the rest.
        if (receiver != null) {
            receiver.close();
        }
        // Stop the schedule (letting a collection in progress finish), then collect and export
        // one final interval and wait until it is handed on.
        if (scheduler != null) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("A collection did not finish within {} s while stopping", STOP_TIMEOUT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            CompletableResultCode previous = lastExport;
            if (previous != null) {
                previous.join(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            CompletableResultCode last = collectAndExport();
            if (last != null) {
                last.join(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }
        for (SdkMeterProvider provider : meterProviders) {
            provider.shutdown().join(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (exporter != null) { // null only when start() failed early
            exporter.flush();
            exporter.shutdown().join(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        readingSourcesByResource.values().forEach(list -> list.forEach(ReadingSource::close));
        if (featurePublisher != null) {
            featurePublisher.close();
        }
        if (selfMetrics != null) {
            selfMetrics.close();
        }
        log.info("Collector stopped");
    }

    private SourceStats statsOf(ReadingSource source) {
        int i = 0;
        for (List<ReadingSource> list : readingSourcesByResource.values()) {
            for (ReadingSource candidate : list) {
                if (candidate == source) {
                    return sourceStats.get(i);
                }
                i++;
            }
        }
        throw new IllegalStateException("unknown source " + source.name());
    }

    /** Per reading source: points read, failures, parse errors. */
    public List<SourceStats> sourceStats() {
        return List.copyOf(sourceStats);
    }

    /** The OTLP receivers, or null when none run. */
    public synchronized OtlpReceiver otlpReceiver() {
        return receiver;
    }

    /** The port self metrics are served on, or -1 when they are not. */
    public synchronized int selfMetricsPort() {
        return selfMetrics == null ? -1 : selfMetrics.port();
    }

    /** What the transport did so far; null before {@link #start()}. */
    public TransportStats transportStats() {
        KafkaMetricExporter current = exporter;
        return current == null ? null : current.stats();
    }

    /**
     * Collects every host and exports them together; null when there was nothing to export or
     * the previous export (without a spool: waiting for Kafka) is still running, in which case
     * this interval is skipped as the SDK's periodic reader skips it.
     */
    private CompletableResultCode collectAndExport() {
        synchronized (collectLock) {
            return collectAndExportLocked();
        }
    }

    private CompletableResultCode collectAndExportLocked() {
        if (!exportAvailable) {
            log.debug("The previous export is still waiting for Kafka; skipping this collection");
            return null;
        }
        try {
            List<MetricData> metrics = new ArrayList<>();
            for (CollectingReader reader : readers) {
                metrics.addAll(reader.collect());
            }
            if (metrics.isEmpty()) {
                return null;
            }
            exportAvailable = false;
            CompletableResultCode result = exporter.export(metrics);
            lastExport = result;
            result.whenComplete(() -> exportAvailable = true);
            return result;
        } catch (RuntimeException e) {
            exportAvailable = true;
            log.warn("Collection failed: {}", e.toString(), e);
            return null;
        }
    }

    /**
     * A reader the collector drives itself (instead of one periodic thread per host). Its data
     * is reusable: the exporter serializes it before the next collection.
     */
    private static final class CollectingReader implements MetricReader {
        private volatile CollectionRegistration registration = CollectionRegistration.noop();

        @Override
        public void register(CollectionRegistration registration) {
            this.registration = registration;
        }

        Collection<MetricData> collect() {
            return registration.collectAllMetrics();
        }

        @Override
        public MemoryMode getMemoryMode() {
            return MemoryMode.REUSABLE_DATA;
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    public static final class Builder {
        // Kafka settings live in the exporter's builder; this one only passes them on.
        private final KafkaMetricExporter.Builder exporter = KafkaMetricExporter.builder().topic(Topics.OTLP_METRICS);
        private Duration interval = Duration.ofSeconds(10);
        private SimulatedGpuFleet fleet;
        private Path procRoot;
        private Path sysRoot;
        private String hostName;
        private String cluster = "local";
        private final List<ReadingSource> readingSources = new ArrayList<>();
        private InetSocketAddress selfMetricsAddress;
        private String bootstrapServers;
        private KafkaClientProperties kafkaConfig = KafkaClientProperties.none();
        private String featuresTopic;
        private ReceiverSettings receiverSettings;

        private Builder() {}

        /**
         * Also runs the OTLP receivers (HTTP 4318, gRPC 4317 by default); what they accept goes
         * through this collector's transport, spool included. Refused with 429 while the spool is
         * over 90 % full.
         */
        public Builder otlpReceiver(ReceiverSettings settings) {
            this.receiverSettings = settings;
            return this;
        }

        /**
         * Also sends the simulated fleet's inference feature records (JSON lines, see
         * {@code InferenceFeatureRecords}) to this topic, usually {@code Topics.INFERENCE_FEATURES}.
         */
        public Builder simulatedFeatureRecords(String topic) {
            this.featuresTopic = topic;
            return this;
        }

        /** Serves health and counters on http://ADDRESS/metrics and /healthz; port 0 picks one. Default off. */
        public Builder selfMetrics(InetSocketAddress address) {
            this.selfMetricsAddress = address;
            return this;
        }

        /**
         * Adds a source of this machine's resource (host.name, cluster), such as
         * {@code NvidiaSmiSource} or a Prometheus scrape; the collector closes it when it stops.
         */
        public Builder readingSource(ReadingSource source) {
            readingSources.add(source);
            return this;
        }

        /**
         * Keeps records in a bounded disk spool until Kafka has them, so a broker outage or a
         * restart loses nothing (see {@code DiskSpool}). Without it, points Kafka does not take
         * within the delivery timeout are dropped.
         */
        public Builder spool(Path directory, long maxBytes) {
            exporter.spool(directory, maxBytes);
            return this;
        }

        /** Forces every spool append to the device. Default false. */
        public Builder spoolFsync(boolean fsync) {
            exporter.spoolFsync(fsync);
            return this;
        }

        /** Required: the Kafka brokers, e.g. {@code localhost:9092}. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            exporter.bootstrapServers(bootstrapServers);
            return this;
        }

        /** Default {@link Topics#OTLP_METRICS}. */
        public Builder topic(String topic) {
            exporter.topic(topic);
            return this;
        }

        /** How often sources are read and exported. Default 10 seconds. */
        public Builder interval(Duration interval) {
            if (interval.isNegative() || interval.toMillis() < 100) {
                throw new IllegalArgumentException("interval must be at least 100 ms, was " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Adds a simulated fleet of {@code nodes} hosts with {@code gpusPerNode} GPUs each. */
        public Builder simulatedFleet(int nodes, int gpusPerNode) {
            return simulatedFleet(SimulatedGpuFleet.create(nodes, gpusPerNode));
        }

        /** Adds the given simulated fleet (e.g. one with a fixed seed and clock). */
        public Builder simulatedFleet(SimulatedGpuFleet fleet) {
            this.fleet = fleet;
            return this;
        }

        /** Adds this machine's network and disk counters, read under {@code procRoot} (usually /proc). */
        public Builder hostMetrics(Path procRoot) {
            this.procRoot = procRoot;
            this.sysRoot = null;
            return this;
        }

        /**
         * Adds this machine's full host metrics: network counters and link speed from
         * {@code sysRoot/class/net}, InfiniBand/RoCE ports, disks (with merged, time and in-flight),
         * file systems (refreshed every minute) and NFS mounts.
         */
        public Builder hostMetrics(Path procRoot, Path sysRoot) {
            this.procRoot = procRoot;
            this.sysRoot = sysRoot;
            return this;
        }

        /** The host.name of this machine's metrics. Default: the local host name. */
        public Builder hostName(String hostName) {
            this.hostName = hostName;
            return this;
        }

        /** The cluster of this machine's metrics (simulated nodes are always cluster "sim"). Default "local". */
        public Builder cluster(String cluster) {
            this.cluster = cluster;
            return this;
        }

        /** How long an export may wait for Kafka before it fails. Default 30 seconds. */
        public Builder deliveryTimeout(Duration deliveryTimeout) {
            exporter.deliveryTimeout(deliveryTimeout);
            return this;
        }

        /**
         * The Kafka client properties file (TLS, SASL, tuning) for every Kafka client of this
         * collector: the exporter or spool's producer and the simulated feature records' producer.
         */
        public Builder kafkaConfig(KafkaClientProperties kafkaConfig) {
            this.kafkaConfig = kafkaConfig;
            exporter.kafkaConfig(kafkaConfig);
            return this;
        }

        /** Any other Kafka producer setting, e.g. security; applied last. */
        public Builder producerProperty(String key, String value) {
            exporter.producerProperty(key, value);
            return this;
        }

        public Collector build() {
            exporter.validate();
            if (fleet == null && procRoot == null && readingSources.isEmpty() && receiverSettings == null) {
                throw new IllegalArgumentException("nothing to collect: add a simulated fleet, host metrics or a source");
            }
            Map<Resource, List<MetricSource>> sources = new LinkedHashMap<>();
            Map<Resource, List<ReadingSource>> readings = new LinkedHashMap<>();
            if (fleet != null) {
                for (SimulatedNode node : fleet.nodes()) {
                    sources.put(resource(node.hostName(), SimulatedGpuFleet.CLUSTER),
                            List.of(new GpuMetricsSource(node::sample), new SimulatedNetworkSource(node)));
                }
            }
            Resource thisHost = resource(hostName != null ? hostName : localHostName(), cluster);
            List<ReadingSource> hostReadings = new ArrayList<>();
            if (procRoot != null && sysRoot == null) {
                sources.put(thisHost, List.of(new NetworkMetricsSource(procRoot), new DiskMetricsSource(procRoot)));
            } else if (procRoot != null) {
                sources.put(thisHost, List.of(new DiskMetricsSource(procRoot)));
                hostReadings.add(new SysNetworkSource(sysRoot));
                hostReadings.add(new InfinibandSource(sysRoot));
                hostReadings.add(new FilesystemSource(procRoot, Duration.ofMinutes(1), Clock.systemUTC()));
                hostReadings.add(new NfsClientSource(procRoot));
            }
            hostReadings.addAll(readingSources);
            if (!hostReadings.isEmpty()) {
                sources.putIfAbsent(thisHost, List.of());
                readings.put(thisHost, List.copyOf(hostReadings));
            }
            return new Collector(this, sources, readings);
        }

        /**
         * Only where the points come from. Not the SDK's default telemetry.sdk.* attributes:
         * downstream every resource attribute becomes a label, and an SDK upgrade would then
         * start new series.
         */
        private static Resource resource(String hostName, String cluster) {
            return Resource.create(Attributes.builder()
                    .put(AttributeKeys.SERVICE_NAME, SERVICE_NAME)
                    .put(AttributeKeys.HOST_NAME, hostName)
                    .put(AttributeKeys.CLUSTER, cluster)
                    .build());
        }

        private static String localHostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                String fromEnv = System.getenv("HOSTNAME");
                return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "localhost";
            }
        }
    }
}
