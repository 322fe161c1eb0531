package dev.fathom.collectors.host;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Per-interface counters from {@code <sysRoot>/class/net/<dev>/statistics} and the link speed
 * from {@code <sysRoot>/class/net/<dev>/speed} (Mbit/s; unreadable or -1 while the link is down
 * or for virtual interfaces, which is a missing value). Same names and attributes as the
 * hostmetrics receiver, plus {@code system.network.link.speed} in bit/s.
 */
public final class SysNetworkSource implements ReadingSource {

    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);

    private final Path classNet;
    private long parseErrors;

    public SysNetworkSource(Path sysRoot) {
        this.classNet = sysRoot.resolve("class").resolve("net");
    }

    @Override
    public String name() {
        return "sys-class-net";
    }

    @Override
    public List<Reading> read() throws IOException {
        List<Reading> readings = new ArrayList<>();
        List<Path> devices;
        try (Stream<Path> list = Files.list(classNet)) {
            devices = list.sorted().toList();
        }
        for (Path device : devices) {
            String name = device.getFileName().toString();
            Attributes receive = Attributes.of(DEVICE, name, DIRECTION, "receive");
            Attributes transmit = Attributes.of(DEVICE, name, DIRECTION, "transmit");
            Path statistics = device.resolve("statistics");
            counter(readings, MetricNames.NETWORK_IO, "By", statistics.resolve("rx_bytes"), receive);
            counter(readings, MetricNames.NETWORK_IO, "By", statistics.resolve("tx_bytes"), transmit);
            counter(readings, MetricNames.NETWORK_PACKETS, "{packet}", statistics.resolve("rx_packets"), receive);
            counter(readings, MetricNames.NETWORK_PACKETS, "{packet}", statistics.resolve("tx_packets"), transmit);
            counter(readings, MetricNames.NETWORK_ERRORS, "{error}", statistics.resolve("rx_errors"), receive);
            counter(readings, MetricNames.NETWORK_ERRORS, "{error}", statistics.resolve("tx_errors"), transmit);
            counter(readings, MetricNames.NETWORK_DROPPED, "{packet}", statistics.resolve("rx_dropped"), receive);
            counter(readings, MetricNames.NETWORK_DROPPED, "{packet}", statistics.resolve("tx_dropped"), transmit);
            double megabits = SysFiles.number(device.resolve("speed"));
            if (!Double.isNaN(megabits) && megabits > 0) {
                readings.add(Reading.gauge(MetricNames.NETWORK_LINK_SPEED, "bit/s", megabits * 1e6, Attributes.of(DEVICE, name)));
            }
        }
        return readings;
    }

    private void counter(List<Reading> readings, String metric, String unit, Path file, Attributes attributes) {
        try {
            double value = SysFiles.strictNumber(file);
            if (!Double.isNaN(value)) {
                readings.add(Reading.counter(metric, unit, value, attributes));
            }
        } catch (IllegalArgumentException e) {
            parseErrors++;
        }
    }

    @Override
    public long parseErrors() {
        return parseErrors;
    }
}
