package dev.fathom.collectors.host;

import dev.fathom.collectors.MetricSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-interface network counters from {@code <procRoot>/net/dev}, named and shaped as the
 * OpenTelemetry hostmetrics receiver's: cumulative sums with attributes {@code device} and
 * {@code direction} ({@code receive} or {@code transmit}).
 */
public final class NetworkMetricsSource implements MetricSource {

    private static final Logger log = LoggerFactory.getLogger(NetworkMetricsSource.class);
    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);
    private static final int MAX_REMEMBERED_WARNINGS = 1000;

    private final Path file;
    /** A bad line stays bad from one interval to the next: warn about it once, not every interval. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param procRoot usually {@code /proc}; tests point it at captured files */
    public NetworkMetricsSource(Path procRoot) {
        this.file = procRoot.resolve("net").resolve("dev");
    }

    @Override
    public void register(Meter meter) {
        ObservableLongMeasurement bytes = meter.counterBuilder(MetricNames.NETWORK_IO)
                .setUnit("By").setDescription("Bytes received or transmitted").buildObserver();
        ObservableLongMeasurement packets = meter.counterBuilder(MetricNames.NETWORK_PACKETS)
                .setUnit("{packet}").setDescription("Packets received or transmitted").buildObserver();
        ObservableLongMeasurement errors = meter.counterBuilder(MetricNames.NETWORK_ERRORS)
                .setUnit("{error}").setDescription("Receive or transmit errors").buildObserver();
        ObservableLongMeasurement dropped = meter.counterBuilder(MetricNames.NETWORK_DROPPED)
                .setUnit("{packet}").setDescription("Packets dropped").buildObserver();

        meter.batchCallback(() -> {
            ParseResult<NetDevStats> parsed;
            try {
                parsed = ProcNetDevParser.parse(file);
            } catch (IOException | RuntimeException e) {
                warnOnce("Cannot read network counters from " + file + ": " + e);
                return;
            }
            parsed.warnings().forEach(this::warnOnce);
            for (NetDevStats nic : parsed.rows()) {
                Attributes receive = Attributes.of(DEVICE, nic.device(), DIRECTION, "receive");
                Attributes transmit = Attributes.of(DEVICE, nic.device(), DIRECTION, "transmit");
                bytes.record(nic.receiveBytes(), receive);
                bytes.record(nic.transmitBytes(), transmit);
                packets.record(nic.receivePackets(), receive);
                packets.record(nic.transmitPackets(), transmit);
                errors.record(nic.receiveErrors(), receive);
                errors.record(nic.transmitErrors(), transmit);
                dropped.record(nic.receiveDropped(), receive);
                dropped.record(nic.transmitDropped(), transmit);
            }
        }, bytes, packets, errors, dropped);
    }

    private void warnOnce(String warning) {
        if (warned.size() < MAX_REMEMBERED_WARNINGS && warned.add(warning)) {
            log.warn(warning);
        }
    }
}
