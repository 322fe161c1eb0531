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

    /** On a machine without NFS mounts, look again this often rather than every interval. */
    private static final long RESCAN_WITHOUT_NFS_MILLIS = 60_000;

    private final Path file;
    private final java.time.Clock clock;
    private long parseErrors;
    private long noNfsSinceMillis = Long.MIN_VALUE;

    public NfsClientSource(Path procRoot) {
        this(procRoot, java.time.Clock.systemUTC());
    }

    public NfsClientSource(Path procRoot, java.time.Clock clock) {
        this.file = procRoot.resolve("self").resolve("mountstats");
        this.clock = clock;
    }

    @Override
    public String name() {
        return "nfs-client";
    }

    @Override
    public List<Reading> read() throws IOException {
        long now = clock.millis();
        // The kernel writes mountstats for every mount; most machines have no NFS mount at all.
        if (noNfsSinceMillis != Long.MIN_VALUE && now - noNfsSinceMillis < RESCAN_WITHOUT_NFS_MILLIS) {
            return List.of();
        }
        if (!Files.exists(file)) {
            return List.of();
        }
        ParseResult<NfsMountStatsParser.NfsMount> parsed = NfsMountStatsParser.parse(Files.readAllBytes(file), file.toString());
        noNfsSinceMillis = parsed.rows().isEmpty() ? now : Long.MIN_VALUE;
        parseErrors += parsed.warnings().size();
        List<Reading> readings = new ArrayList<>();
        for (NfsMountStatsParser.NfsMount mount : parsed.rows()) {
            Attributes where = Attributes.of(MOUNTPOINT, mount.mountpoint(), DEVICE, mount.device());
            readings.add(Reading.counter(MetricNames.NFS_CLIENT_IO, "By", ProcText.unsignedToDouble(mount.serverReadBytes()),
                    where.toBuilder().put(DIRECTION, "read").build()));
            readings.add(Reading.counter(MetricNames.NFS_CLIENT_IO, "By", ProcText.unsignedToDouble(mount.serverWriteBytes()),
                    where.toBuilder().put(DIRECTION, "write").build()));
            for (Map.Entry<String, NfsMountStatsParser.NfsOperation> op : mount.operations().entrySet()) {
                if (op.getValue().operations() == 0) {
                    continue; // dozens of operations a client never uses
                }
                Attributes attributes = where.toBuilder().put(OPERATION, op.getKey()).build();
                readings.add(Reading.counter(MetricNames.NFS_CLIENT_OPERATIONS, "{operation}", ProcText.unsignedToDouble(op.getValue().operations()), attributes));
                readings.add(Reading.counter(MetricNames.NFS_CLIENT_RTT, "s", ProcText.unsignedToDouble(op.getValue().rttMillis()) / 1000.0, attributes));
            }
        }
        return readings;
    }

    @Override
    public long parseErrors() {
        return parseErrors;
    }
}
