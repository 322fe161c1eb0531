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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * InfiniBand and RoCE port counters from
 * {@code <sysRoot>/class/infiniband/<device>/ports/<port>/counters}. The kernel counts
 * {@code port_rcv_data} and {@code port_xmit_data} in 4-byte words (octets divided by 4, as the
 * InfiniBand PortCounters attribute defines them), so they are multiplied by 4. The port's
 * {@code rate} ("100 Gb/sec (4X EDR)") gives its link speed. Machines without InfiniBand have no
 * such directory: the source then reports nothing.
 */
public final class InfinibandSource implements ReadingSource {

    static final int BYTES_PER_DATA_WORD = 4;
    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> PORT = AttributeKey.stringKey(AttributeKeys.PORT);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(AttributeKeys.ERROR_TYPE);
    private static final Pattern RATE = Pattern.compile("([0-9.]+) Gb/sec.*");
    /** Error counters of the port, by file name. */
    private static final List<String> ERRORS = List.of("symbol_error", "port_rcv_errors", "port_rcv_remote_physical_errors",
            "port_rcv_switch_relay_errors", "link_error_recovery", "port_xmit_constraint_errors",
            "port_rcv_constraint_errors", "local_link_integrity_errors", "excessive_buffer_overrun_errors",
            "port_xmit_discards", "link_downed", "VL15_dropped");

    private final Path classInfiniband;
    private final PolledFiles files = new PolledFiles();
    private long parseErrors;

    public InfinibandSource(Path sysRoot) {
        this.classInfiniband = sysRoot.resolve("class").resolve("infiniband");
    }

    @Override
    public String name() {
        return "infiniband";
    }

    @Override
    public synchronized List<Reading> read() throws IOException {
        List<Reading> readings = new ArrayList<>();
        if (!Files.isDirectory(classInfiniband)) {
            files.endCycle();
            return readings;
        }
        for (Path device : list(classInfiniband)) {
            Path ports = device.resolve("ports");
            if (!Files.isDirectory(ports)) {
                continue;
            }
            for (Path port : list(ports)) {
                Attributes where = Attributes.of(DEVICE, device.getFileName().toString(), PORT, port.getFileName().toString());
                Path counters = port.resolve("counters");
                add(readings, MetricNames.INFINIBAND_IO, "By", counters.resolve("port_rcv_data"), BYTES_PER_DATA_WORD,
                        where.toBuilder().put(DIRECTION, "receive").build());
                add(readings, MetricNames.INFINIBAND_IO, "By", counters.resolve("port_xmit_data"), BYTES_PER_DATA_WORD,
                        where.toBuilder().put(DIRECTION, "transmit").build());
                add(readings, MetricNames.INFINIBAND_PACKETS, "{packet}", counters.resolve("port_rcv_packets"), 1,
                        where.toBuilder().put(DIRECTION, "receive").build());
                add(readings, MetricNames.INFINIBAND_PACKETS, "{packet}", counters.resolve("port_xmit_packets"), 1,
                        where.toBuilder().put(DIRECTION, "transmit").build());
                for (String error : ERRORS) {
                    add(readings, MetricNames.INFINIBAND_ERRORS, "{error}", counters.resolve(error), 1,
                            where.toBuilder().put(ERROR_TYPE, error).build());
                }
                String rate = files.text(port.resolve("rate"));
                if (rate != null) {
                    double bitsPerSecond = bitsPerSecond(rate);
                    if (Double.isNaN(bitsPerSecond)) {
                        parseErrors++;
                    } else {
                        readings.add(Reading.gauge(MetricNames.NETWORK_LINK_SPEED, "bit/s", bitsPerSecond,
                                Attributes.of(DEVICE, device.getFileName().toString() + "/" + port.getFileName())));
                    }
                }
            }
        }
        files.endCycle();
        return readings;
    }

    /** The link speed in a port's rate file ("100 Gb/sec (4X EDR)"), NaN when it is not that or not a finite speed. */
    static double bitsPerSecond(String rate) {
        Matcher matcher = RATE.matcher(rate);
        if (!matcher.matches()) {
            return Double.NaN;
        }
        try {
            double bits = Double.parseDouble(matcher.group(1)) * 1e9;
            return Double.isFinite(bits) ? bits : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN; // "1.2.3" or "." match the pattern
        }
    }

    private void add(List<Reading> readings, String metric, String unit, Path file, double scale, Attributes attributes) {
        try {
            double value = files.strictCounter(file);
            if (!Double.isNaN(value)) {
                readings.add(Reading.counter(metric, unit, value * scale, attributes));
            }
        } catch (IllegalArgumentException e) {
            parseErrors++;
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> list = Files.list(directory)) {
            return list.sorted().toList();
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
