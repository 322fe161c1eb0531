package dev.fathom.collectors.host;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-interface counters from {@code <sysRoot>/class/net/<dev>/statistics} and the link speed
 * from {@code <sysRoot>/class/net/<dev>/speed} (Mbit/s; unreadable or -1 while the link is down
 * or for virtual interfaces, which is a missing value). Same names and attributes as the
 * hostmetrics receiver, plus {@code system.network.link.speed} in bit/s. The files stay open
 * between intervals ({@link PolledFiles}).
 */
public final class SysNetworkSource implements ReadingSource {

    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);

    /** The counter files, in the order of {@link #COUNTERS}. */
    private static final String[] COUNTER_FILES = {"rx_bytes", "tx_bytes", "rx_packets", "tx_packets", "rx_errors",
        "tx_errors", "rx_dropped", "tx_dropped"};
    private static final String[] COUNTERS = {MetricNames.NETWORK_IO, MetricNames.NETWORK_IO, MetricNames.NETWORK_PACKETS,
        MetricNames.NETWORK_PACKETS, MetricNames.NETWORK_ERRORS, MetricNames.NETWORK_ERRORS, MetricNames.NETWORK_DROPPED,
        MetricNames.NETWORK_DROPPED};
    private static final String[] UNITS = {"By", "By", "{packet}", "{packet}", "{error}", "{error}", "{packet}", "{packet}"};

    private final Path classNet;
    private final PolledFiles files = new PolledFiles();
    /** Paths and attributes of each interface, made once rather than every interval. */
    private final Map<String, Device> devices = new HashMap<>();
    private long parseErrors;

    /** One interface's files and attributes. */
    private record Device(Path[] counters, Path speed, Attributes receive, Attributes transmit, Attributes device) {

        static Device of(Path directory, String name) {
            Path statistics = directory.resolve("statistics");
            Path[] counters = new Path[COUNTER_FILES.length];
            for (int i = 0; i < counters.length; i++) {
                counters[i] = statistics.resolve(COUNTER_FILES[i]);
            }
            return new Device(counters, directory.resolve("speed"), Attributes.of(DEVICE, name, DIRECTION, "receive"),
                    Attributes.of(DEVICE, name, DIRECTION, "transmit"), Attributes.of(DEVICE, name));
        }
    }

    public SysNetworkSource(Path sysRoot) {
        this.classNet = sysRoot.resolve("class").resolve("net");
    }

    @Override
    public String name() {
        return "sys-class-net";
    }

    @Override
    public synchronized List<Reading> read() throws IOException {
        List<Reading> readings = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> list = Files.newDirectoryStream(classNet)) {
            for (Path device : list) {
                names.add(device.getFileName().toString());
            }
        }
        Collections.sort(names);
        devices.keySet().retainAll(names);
        for (String name : names) {
            Device device = devices.computeIfAbsent(name, n -> Device.of(classNet.resolve(n), n));
            for (int i = 0; i < COUNTER_FILES.length; i++) {
                counter(readings, COUNTERS[i], UNITS[i], device.counters()[i],
                        i % 2 == 0 ? device.receive() : device.transmit());
            }
            double megabits = files.number(device.speed());
            if (!Double.isNaN(megabits) && megabits > 0) {
                readings.add(Reading.gauge(MetricNames.NETWORK_LINK_SPEED, "bit/s", megabits * 1e6, device.device()));
            }
        }
        files.endCycle();
        return readings;
    }

    private void counter(List<Reading> readings, String metric, String unit, Path file, Attributes attributes) {
        try {
            double value = files.strictCounter(file);
            if (!Double.isNaN(value)) {
                readings.add(Reading.counter(metric, unit, value, attributes));
            }
        } catch (IllegalArgumentException e) {
            parseErrors++;
        }
    }

    @Override
    public synchronized void close() {
        files.close();
    }

    @Override
    public long parseErrors() {
        return parseErrors;
    }
}
