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
import java.util.Map;

/**
 * NFS client counters per mount from {@code <procRoot>/self/mountstats}: bytes the server sent
 * and received ({@code nfs.client.io}), RPC operations and their summed round-trip time per
 * operation. A machine without NFS mounts reports nothing.
 */
public final class NfsClientSource implements ReadingSource {

    private static final AttributeKey<String> MOUNTPOINT = AttributeKey.stringKey(AttributeKeys.MOUNTPOINT);
    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey(AttributeKeys.NFS_OPERATION);

    private final Path file;
    private long parseErrors;

    public NfsClientSource(Path procRoot) {
        this.file = procRoot.resolve("self").resolve("mountstats");
    }

    @Override
    public String name() {
        return "nfs-client";
    }

    @Override
    public List<Reading> read() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        ParseResult<NfsMountStatsParser.NfsMount> parsed = NfsMountStatsParser.parse(Files.readAllLines(file), file.toString());
        parseErrors += parsed.warnings().size();
        List<Reading> readings = new ArrayList<>();
        for (NfsMountStatsParser.NfsMount mount : parsed.rows()) {
            Attributes where = Attributes.of(MOUNTPOINT, mount.mountpoint(), DEVICE, mount.device());
            readings.add(Reading.counter(MetricNames.NFS_CLIENT_IO, "By", mount.serverReadBytes(),
                    where.toBuilder().put(DIRECTION, "read").build()));
            readings.add(Reading.counter(MetricNames.NFS_CLIENT_IO, "By", mount.serverWriteBytes(),
                    where.toBuilder().put(DIRECTION, "write").build()));
            for (Map.Entry<String, NfsMountStatsParser.NfsOperation> op : mount.operations().entrySet()) {
                if (op.getValue().operations() == 0) {
                    continue; // dozens of operations a client never uses
                }
                Attributes attributes = where.toBuilder().put(OPERATION, op.getKey()).build();
                readings.add(Reading.counter(MetricNames.NFS_CLIENT_OPERATIONS, "{operation}", op.getValue().operations(), attributes));
                readings.add(Reading.counter(MetricNames.NFS_CLIENT_RTT, "s", op.getValue().rttMillis() / 1000.0, attributes));
            }
        }
        return readings;
    }

    @Override
    public long parseErrors() {
        return parseErrors;
    }
}
