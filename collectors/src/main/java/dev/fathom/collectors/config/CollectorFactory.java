package dev.fathom.collectors.config;

import dev.fathom.model.kafka.KafkaClientProperties;
import dev.fathom.collectors.Collector;
import dev.fathom.collectors.gpu.Fault;
import dev.fathom.collectors.gpu.SimulatedGpuFleet;
import dev.fathom.collectors.gpu.Workload;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiSource;
import dev.fathom.collectors.prometheus.PrometheusMapping;
import dev.fathom.collectors.prometheus.PrometheusMappings;
import dev.fathom.collectors.prometheus.PrometheusMetricRule;
import dev.fathom.collectors.prometheus.PrometheusScrapeSource;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.receiver.ReceiverSecurity;
import dev.fathom.collectors.receiver.ReceiverSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;

/** Builds a {@link Collector} from a loaded {@link CollectorConfig}. */
public final class CollectorFactory {

    private CollectorFactory() {}

    public static Collector.Builder builder(CollectorConfig config) {
        CollectorConfig.Kafka kafka = config.getKafka();
        Collector.Builder builder = Collector.builder()
                .bootstrapServers(kafka.getBootstrapServers())
                .topic(kafka.getTopic())
                .deliveryTimeout(kafka.getDeliveryTimeout())
                .kafkaConfig(KafkaClientProperties.resolve(kafka.getConfig()))
                .interval(config.getInterval())
                .cluster(config.getHost().getCluster());
        kafka.getProducer().forEach(builder::producerProperty);
        if (config.getHost().getName() != null) {
            builder.hostName(config.getHost().getName());
        }
        if (config.getSpool().getDirectory() != null) {
            builder.spool(config.getSpool().getDirectory(), config.getSpool().getMaxBytes())
                    .spoolFsync(config.getSpool().isFsync());
        }
        if (config.getSelfMetrics().getListen() != null) {
            java.net.InetSocketAddress listen = config.getSelfMetrics().getListen();
            builder.selfMetrics(new java.net.InetSocketAddress(listen.getHostString(), listen.getPort()));
        }
        CollectorConfig.OtlpReceiverConfig otlp = config.getReceivers().getOtlp();
        if (otlp.isEnabled()) {
            builder.otlpReceiver(ReceiverSettings.defaults()
                    .withHost(otlp.getHost())
                    .withPorts(otlp.getHttpPort(), otlp.getGrpcPort())
                    .withBearerToken(ReceiverSecurity.token(otlp.getBearerTokenFile(), System.getenv()))
                    .withTls(ReceiverSecurity.tls(otlp.getTlsKeystore(), otlp.getTlsCert(), otlp.getTlsKey(), System.getenv()))
                    .withLimits(otlp.getMaxRequestBytes(), (int) otlp.getMaxDecompressedBytes()));
        }
        CollectorConfig.Sources sources = config.getSources();
        if (sources.getHostMetrics().isEnabled()) {
            builder.hostMetrics(sources.getHostMetrics().getProcRoot(), sources.getHostMetrics().getSysRoot());
        }
        if (sources.getSimulatedFleet().getNodes() > 0) {
            CollectorConfig.SimulatedFleet fleet = sources.getSimulatedFleet();
            List<Workload> workloads = fleet.getWorkloads().stream()
                    .map(w -> Workload.valueOf(w.toUpperCase(Locale.ROOT))).toList();
            SimulatedGpuFleet simulated = SimulatedGpuFleet.create(fleet.getNodes(), fleet.getGpusPerNode(), fleet.getSeed(),
                    Clock.systemUTC(), workloads, Set.copyOf(fleet.getMigNodes()));
            for (CollectorConfig.ScheduledFault fault : fleet.getFaults()) {
                if (fault.getType() == null || fault.getNode() == null) {
                    throw new IllegalArgumentException("a sources.simulated_fleet.faults entry needs type and node");
                }
                simulated.node(fault.getNode()).schedule(Fault.valueOf(fault.getType().toUpperCase(Locale.ROOT)),
                        fault.getAfter(), fault.getDuration());
            }
            builder.simulatedFleet(simulated);
            if (fleet.getFeaturesTopic() != null) {
                builder.simulatedFeatureRecords(fleet.getFeaturesTopic());
            }
        }
        if (sources.getNvidiaSmi().isEnabled()) {
            CollectorConfig.NvidiaSmi nvidia = sources.getNvidiaSmi();
            builder.readingSource(NvidiaSmiSource.builder()
                    .command(nvidia.getCommand())
                    .loopInterval(nvidia.getLoopInterval())
                    .xmlInterval(nvidia.getXmlInterval())
                    .restartBackoff(Duration.ofSeconds(1).compareTo(nvidia.getMaxRestartBackoff()) < 0
                            ? Duration.ofSeconds(1) : nvidia.getMaxRestartBackoff(), nvidia.getMaxRestartBackoff())
                    .build()
                    .start());
        }
        for (CollectorConfig.PrometheusScrape scrape : sources.getPrometheus()) {
            builder.readingSource(new PrometheusScrapeSource(scrape.getName(), scrape.getUrl(), scrape.getTimeout(),
                    scrape.getMaxBodyBytes(), mapping(scrape)));
        }
        return builder;
    }

    static PrometheusMapping mapping(CollectorConfig.PrometheusScrape scrape) {
        List<PrometheusMetricRule> rules = new ArrayList<>();
        for (CollectorConfig.MetricRule rule : scrape.getMetrics()) {
            Reading.Kind kind = rule.getKind() == null ? null
                    : rule.getKind().equals("counter") ? Reading.Kind.COUNTER : Reading.Kind.GAUGE;
            rules.add(new PrometheusMetricRule(rule.getMatch(), rule.isRegex(), rule.getName(), rule.getUnit(),
                    rule.getScale(), kind, rule.getAttributes(), false));
        }
        PrometheusMapping own = new PrometheusMapping(rules, scrape.getLabels(), Map.of(), scrape.isPassUnmapped());
        return own.before(PrometheusMappings.preset(scrape.getPreset())).passUnmapped(scrape.isPassUnmapped());
    }
}
