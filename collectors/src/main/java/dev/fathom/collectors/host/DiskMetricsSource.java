package dev.fathom.collectors.host;

import dev.fathom.collectors.MetricSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-device disk counters from {@code <procRoot>/diskstats}, named and shaped as the
 * OpenTelemetry hostmetrics receiver's: cumulative sums with attribute {@code device}, and
 * {@code direction} ({@code read} or {@code write}) on bytes and operations. Loop and RAM devices
 * are left out: they are not disks and would only add series.
 */
public final class DiskMetricsSource implements MetricSource {

    private static final Logger log = LoggerFactory.getLogger(DiskMetricsSource.class);
    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);
    private static final int MAX_REMEMBERED_WARNINGS = 1000;
    /** Sectors are 512 bytes: more than this many would overflow a long in bytes. */
    private static final long MAX_SECTORS = Long.MAX_VALUE / DiskStats.SECTOR_BYTES;

    private final Path file;
    /** /proc/diskstats stays open; each interval re-reads it from offset 0. */
    private final PolledFiles files = new PolledFiles();
    /** A bad line stays bad from one interval to the next: warn about it once, not every interval. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param procRoot usually {@code /proc}; tests point it at captured files */
    public DiskMetricsSource(Path procRoot) {
        this.file = procRoot.resolve("diskstats");
    }

    static boolean isDisk(String device) {
        return !(device.startsWith("loop") || device.startsWith("ram") || device.startsWith("zram"));
    }

    @Override
    public void register(Meter meter) {
        ObservableLongMeasurement bytes = meter.counterBuilder(MetricNames.DISK_IO)
                .setUnit("By").setDescription("Bytes read or written").buildObserver();
        ObservableLongMeasurement operations = meter.counterBuilder(MetricNames.DISK_OPERATIONS)
                .setUnit("{operation}").setDescription("Reads or writes completed").buildObserver();
        ObservableDoubleMeasurement ioTime = meter.counterBuilder(MetricNames.DISK_IO_TIME)
                .setUnit("s").setDescription("Time the device had I/O in flight").ofDoubles().buildObserver();
        ObservableLongMeasurement merged = meter.counterBuilder(MetricNames.DISK_MERGED)
                .setUnit("{operation}").setDescription("Reads or writes merged with adjacent ones").buildObserver();
        ObservableDoubleMeasurement operationTime = meter.counterBuilder(MetricNames.DISK_OPERATION_TIME)
                .setUnit("s").setDescription("Time spent on reads or writes").ofDoubles().buildObserver();
        ObservableLongMeasurement pending = meter.upDownCounterBuilder(MetricNames.DISK_PENDING_OPERATIONS)
                .setUnit("{operation}").setDescription("I/Os in flight now").buildObserver();

        meter.batchCallback(() -> {
            ParseResult<DiskStats> parsed;
            try {
                String text;
                synchronized (files) {
                    text = files.text(file);
                }
                if (text == null) {
                    throw new IOException("missing or unreadable");
                }
                parsed = DiskStatsParser.parse(text, file.toString());
            } catch (IOException | RuntimeException e) {
                warnOnce("Cannot read disk counters from " + file + ": " + e);
                return;
            }
            parsed.warnings().forEach(this::warnOnce);
            for (DiskStats disk : parsed.rows()) {
                if (!isDisk(disk.device())) {
                    continue;
                }
                Attributes read = Attributes.of(DEVICE, disk.device(), DIRECTION, "read");
                Attributes write = Attributes.of(DEVICE, disk.device(), DIRECTION, "write");
                Attributes device = Attributes.of(DEVICE, disk.device());
                if (fits(disk, "sectors read", disk.sectorsRead(), MAX_SECTORS)) {
                    bytes.record(disk.readBytes(), read);
                }
                if (fits(disk, "sectors written", disk.sectorsWritten(), MAX_SECTORS)) {
                    bytes.record(disk.writtenBytes(), write);
                }
                if (fits(disk, "reads completed", disk.readsCompleted(), Long.MAX_VALUE)) {
                    operations.record(disk.readsCompleted(), read);
                }
                if (fits(disk, "writes completed", disk.writesCompleted(), Long.MAX_VALUE)) {
                    operations.record(disk.writesCompleted(), write);
                }
                if (fits(disk, "ms doing I/O", disk.ioTimeMillis(), Long.MAX_VALUE)) {
                    ioTime.record(disk.ioTimeSeconds(), device);
                }
                if (fits(disk, "reads merged", disk.readsMerged(), Long.MAX_VALUE)) {
                    merged.record(disk.readsMerged(), read);
                }
                if (fits(disk, "writes merged", disk.writesMerged(), Long.MAX_VALUE)) {
                    merged.record(disk.writesMerged(), write);
                }
                if (fits(disk, "ms reading", disk.readTimeMillis(), Long.MAX_VALUE)) {
                    operationTime.record(disk.readTimeMillis() / 1000.0, read);
                }
                if (fits(disk, "ms writing", disk.writeTimeMillis(), Long.MAX_VALUE)) {
                    operationTime.record(disk.writeTimeMillis() / 1000.0, write);
                }
                if (fits(disk, "I/Os in flight", disk.inFlight(), Long.MAX_VALUE)) {
                    pending.record(disk.inFlight(), device);
                }
            }
        }, bytes, operations, ioTime, merged, operationTime, pending);
    }

    /**
     * True when the unsigned counter is at most {@code max}; otherwise it would become a negative
     * (or, for sectors, an overflowing byte) OTLP int value, so it is left out with a warning.
     */
    private boolean fits(DiskStats disk, String what, long unsigned, long max) {
        if (unsigned >= 0 && unsigned <= max) {
            return true;
        }
        warnOnce(file + ": " + disk.device() + " " + what + " " + Long.toUnsignedString(unsigned) + " is past "
                + max + ", which an OTLP int value cannot carry; left out");
        return false;
    }

    private void warnOnce(String warning) {
        if (warned.size() < MAX_REMEMBERED_WARNINGS && warned.add(warning)) {
            log.warn(warning);
        }
    }
}
