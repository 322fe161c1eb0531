package dev.fathom.collectors;

import dev.fathom.model.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a {@link Collector} as its own process until SIGTERM or Ctrl-C, then exports the last
 * interval and exits.
 */
@Command(name = "fathom-collector", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reads GPU and host metrics and writes them to Kafka as OTLP protobuf.")
public final class CollectorMain implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.OTLP_METRICS, description = "Kafka topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often to read and export, e.g. 5s, 500ms, 1m (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--simulate-nodes", defaultValue = "0",
            description = "Simulated GPU nodes sim-node-01.. to add; 0 for none, 4 for the demo fleet (default: ${DEFAULT-VALUE}).")
    int simulateNodes;

    @Option(names = "--simulate-gpus-per-node", defaultValue = "8", description = "GPUs per simulated node (default: ${DEFAULT-VALUE}).")
    int simulateGpusPerNode;

    @Option(names = "--no-host-metrics", description = "Do not read this machine's network and disk counters.")
    boolean noHostMetrics;

    @Option(names = "--proc-root", defaultValue = "/proc", description = "Where /proc is (default: ${DEFAULT-VALUE}).")
    Path procRoot;

    @Option(names = "--host-name", description = "host.name of this machine's metrics (default: the local host name).")
    String hostName;

    @Option(names = "--cluster", defaultValue = "local", description = "cluster of this machine's metrics (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--spool-dir", description = "Keep records in a disk spool here while Kafka is unreachable (default: no spool).")
    Path spoolDir;

    @Option(names = "--spool-max-bytes", defaultValue = "268435456",
            description = "Spool size limit; the oldest records go when full (default: ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--delivery-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a send may wait for Kafka (default: ${DEFAULT-VALUE}).")
    Duration deliveryTimeout;

    public static void main(String[] args) {
        // A process of its own logs with the collector's configuration unless told otherwise.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:fathom-collector-log4j2.xml");
        }
        System.exit(new CommandLine(new CollectorMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Logger log = LoggerFactory.getLogger(CollectorMain.class);
        Collector.Builder builder = Collector.builder()
                .bootstrapServers(bootstrapServers)
                .topic(topic)
                .interval(interval)
                .deliveryTimeout(deliveryTimeout)
                .cluster(cluster);
        if (spoolDir != null) {
            builder.spool(spoolDir, spoolMaxBytes);
        }
        if (simulateNodes > 0) {
            builder.simulatedFleet(simulateNodes, simulateGpusPerNode);
        }
        if (!noHostMetrics) {
            builder.hostMetrics(procRoot);
        }
        if (hostName != null) {
            builder.hostName(hostName);
        }
        Collector collector = builder.build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: exporting the last interval");
            collector.close();
            stopped.countDown();
        }, "fathom-collector-stop"));
        collector.start();
        stopped.await();
        return 0;
    }

    /** Accepts 500ms, 5s, 2m, 1h or ISO-8601 (PT5S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            try {
                if (value.startsWith("pt")) {
                    return Duration.parse(value.toUpperCase(Locale.ROOT));
                }
                if (value.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
                }
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                switch (value.charAt(value.length() - 1)) {
                    case 's': return Duration.ofSeconds(amount);
                    case 'm': return Duration.ofMinutes(amount);
                    case 'h': return Duration.ofHours(amount);
                    default: break;
                }
            } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
                // fall through to the message below
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration: use e.g. 500ms, 5s, 2m or PT5S");
        }
    }
}
