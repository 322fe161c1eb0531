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
                record(bytes, nic.receiveBytes(), receive, nic, "receive bytes");
                record(bytes, nic.transmitBytes(), transmit, nic, "transmit bytes");
                record(packets, nic.receivePackets(), receive, nic, "receive packets");
                record(packets, nic.transmitPackets(), transmit, nic, "transmit packets");
                record(errors, nic.receiveErrors(), receive, nic, "receive errors");
                record(errors, nic.transmitErrors(), transmit, nic, "transmit errors");
                record(dropped, nic.receiveDropped(), receive, nic, "receive drops");
                record(dropped, nic.transmitDropped(), transmit, nic, "transmit drops");
            }
        }, bytes, packets, errors, dropped);
    }

    /**
     * Records an unsigned counter; one past 2^63-1 would be a negative OTLP int counter, so it is
     * left out with a warning (at 100 Gb/s a byte counter takes 23 years to get there).
     */
    private void record(ObservableLongMeasurement measurement, long unsigned, Attributes attributes, NetDevStats nic, String what) {
        if (unsigned < 0) {
            warnOnce(file + ": " + nic.device() + " " + what + " " + Long.toUnsignedString(unsigned)
                    + " is past 2^63-1, which an OTLP int counter cannot carry; left out");
            return;
        }
        measurement.record(unsigned, attributes);
    }

    private void warnOnce(String warning) {
        if (warned.size() < MAX_REMEMBERED_WARNINGS && warned.add(warning)) {
            log.warn(warning);
        }
    }
}
