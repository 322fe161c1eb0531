package dev.fathom.collectors.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.collectors.Collector;
import dev.fathom.collectors.CollectorMain;
import dev.fathom.collectors.export.TransportStats;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalKafkaBroker;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real broker stopped and started again under a running collector, and a collector process
 * killed with SIGKILL while the broker is away: no point collected is lost, and each series
 * arrives in order.
 */
class BrokerOutageTest {

    private static final String TOPIC = "otlp_metrics_outage";

    @Test
    void everyPointCollectedDuringAnOutageReachesTheTopicInOrder(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick();
        Path brokerDir = dir.resolve("kafka");
        LocalKafkaBroker broker = LocalKafkaBroker.start(brokerDir, port);
        Collector collector = null;
        try {
            broker.createTopics(1, List.of(TOPIC));
            collector = Collector.builder()
                    .bootstrapServers(broker.bootstrapServers())
                    .topic(TOPIC)
                    .interval(Duration.ofMillis(250))
                    .deliveryTimeout(Duration.ofSeconds(3))
                    .simulatedFleet(2, 2)
                    .spool(dir.resolve("spool"), 16L * 1024 * 1024)
                    .build();
            collector.start();
            Collector running = collector;
            await().atMost(Duration.ofSeconds(30)).until(() -> running.transportStats().recordsSent() >= 4);

            broker.close();
            broker = null;
            long sentBeforeOutage = collector.transportStats().recordsSent();
            TimeUnit.SECONDS.sleep(6);
            TransportStats during = collector.transportStats();
            assertThat(during.brokerReachable()).isFalse();
            assertThat(during.spooledRecords()).isGreaterThanOrEqualTo(10);
            assertThat(during.recordsAccepted()).isGreaterThan(sentBeforeOutage + 10);

            broker = LocalKafkaBroker.start(brokerDir, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> running.transportStats().brokerReachable()
                    && running.transportStats().spooledRecords() == 0);
            collector.close();
            TransportStats end = collector.transportStats();
            assertThat(end.recordsDropped()).isZero();
            assertThat(end.spooledRecords()).isZero();

            List<SpooledTopic.Delivered> delivered = SpooledTopic.readUntil(broker.bootstrapServers(), TOPIC,
                    records -> distinct(records).size() >= end.recordsAccepted(), Duration.ofSeconds(30));
            // Exactly once after dropping repeats of the same spool sequence, and nothing else.
            assertThat(distinct(delivered)).hasSize((int) end.recordsAccepted());
            assertSeriesInOrder(distinct(delivered));
        } finally {
            if (collector != null) {
                collector.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void aStoppedBrokerCountsAsUnreachableLongBeforeTheDeliveryTimeout(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick();
        Path brokerDir = dir.resolve("kafka");
        LocalKafkaBroker broker = LocalKafkaBroker.start(brokerDir, port);
        Collector collector = null;
        try {
            broker.createTopics(1, List.of(TOPIC));
            collector = Collector.builder()
                    .bootstrapServers(broker.bootstrapServers())
                    .topic(TOPIC)
                    .interval(Duration.ofMillis(250))
                    .deliveryTimeout(Duration.ofSeconds(120))
                    .simulatedFleet(1, 1)
                    .spool(dir.resolve("spool"), 16L * 1024 * 1024)
                    .build();
            collector.start();
            Collector running = collector;
            await().atMost(Duration.ofSeconds(30)).until(() -> running.transportStats().recordsSent() >= 4);

            broker.close();
            broker = null;
            long stoppedAt = System.nanoTime();
            // Receivers answer 503 (not 429) once this is false; waiting out the delivery timeout took 2 min.
            await().atMost(Duration.ofSeconds(30)).until(() -> !running.transportStats().brokerReachable());
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(30));

            broker = LocalKafkaBroker.start(brokerDir, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> running.transportStats().brokerReachable()
                    && running.transportStats().spooledRecords() == 0);
            collector.close();
            assertThat(collector.transportStats().recordsDropped()).isZero();
        } finally {
            if (collector != null) {
                collector.close();
            }
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void aCollectorKilledDuringAnOutageLosesNothingItSpooled(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick();
        Path spoolDir = dir.resolve("spool");
        // The broker is away: a collector process runs, spools, and is killed with SIGKILL.
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CollectorMain.class.getName(),
                "--bootstrap-servers", "127.0.0.1:" + port, "--topic", TOPIC, "--interval", "200ms",
                "--simulate-nodes", "2", "--simulate-gpus-per-node", "2", "--no-host-metrics",
                "--delivery-timeout", "2s", "--spool-dir", spoolDir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("collector.log").toFile()).start();
        List<SpooledRecord> spooled;
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> spoolBytes(spoolDir) >= 40_000);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (DiskSpool spool = DiskSpool.open(spoolDir, 256L * 1024 * 1024, false)) {
            spooled = spool.peek(100_000, Long.MAX_VALUE);
        }
        assertThat(spooled).hasSizeGreaterThanOrEqualTo(5);

        // The broker comes back; a new collector on the same spool sends what the killed one left.
        LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), port);
        try {
            broker.createTopics(1, List.of(TOPIC));
            try (Collector collector = Collector.builder()
                    .bootstrapServers(broker.bootstrapServers())
                    .topic(TOPIC)
                    .interval(Duration.ofSeconds(1))
                    .simulatedFleet(1, 1)
                    .spool(spoolDir, 256L * 1024 * 1024)
                    .build()) {
                collector.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> collector.transportStats().recordsSent() >= spooled.size());
            }
            List<SpooledTopic.Delivered> delivered = SpooledTopic.readUntil(broker.bootstrapServers(), TOPIC,
                    records -> distinct(records).size() >= spooled.size(), Duration.ofSeconds(30));
            Map<Long, byte[]> bySequence = new HashMap<>();
            for (SpooledTopic.Delivered record : distinct(delivered)) {
                bySequence.put(record.sequence(), record.value());
            }
            for (SpooledRecord record : spooled) {
                assertThat(bySequence.get(record.sequence())).as("spooled record " + record.sequence())
                        .isEqualTo(record.value());
            }
        } finally {
            broker.close();
        }
    }

    private static long spoolBytes(Path spoolDir) {
        File[] files = spoolDir.toFile().listFiles((d, name) -> name.endsWith(".spool"));
        if (files == null) {
            return 0;
        }
        long bytes = 0;
        for (File file : files) {
            bytes += file.length();
        }
        return bytes;
    }

    private static List<SpooledTopic.Delivered> distinct(List<SpooledTopic.Delivered> records) {
        Set<String> seen = new HashSet<>();
        List<SpooledTopic.Delivered> unique = new ArrayList<>();
        for (SpooledTopic.Delivered record : records) {
            if (seen.add(record.identity())) {
                unique.add(record);
            }
        }
        return unique;
    }

    /** Within each series (resource, metric, point attributes) time only moves forward. */
    private static void assertSeriesInOrder(List<SpooledTopic.Delivered> records) {
        Map<String, Long> lastTime = new LinkedHashMap<>();
        int points = 0;
        for (SpooledTopic.Delivered record : records) {
            for (ResourceMetrics resource : record.request().getResourceMetricsList()) {
                for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                    for (Metric metric : scope.getMetricsList()) {
                        List<NumberDataPoint> dataPoints = metric.hasGauge()
                                ? metric.getGauge().getDataPointsList() : metric.getSum().getDataPointsList();
                        for (NumberDataPoint point : dataPoints) {
                            String series = resource.getResource().getAttributesList() + metric.getName()
                                    + point.getAttributesList();
                            Long previous = lastTime.put(series, point.getTimeUnixNano());
                            assertThat(previous == null || previous < point.getTimeUnixNano())
                                    .as("series %s went from %s to %s in spool record %s (records in topic order: %s)",
                                            series, previous, point.getTimeUnixNano(), record.sequence(),
                                            records.stream().map(r -> Long.toString(r.sequence())).toList())
                                    .isTrue();
                            points++;
                        }
                    }
                }
            }
        }
        assertThat(points).isGreaterThan(100);
    }
}
