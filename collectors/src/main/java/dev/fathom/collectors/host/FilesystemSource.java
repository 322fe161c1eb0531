package dev.fathom.collectors.host;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * File-system size and free space of every real mount in {@code <procRoot>/self/mounts} (through
 * Java's FileStore), and inodes from {@code df -P -i} (Java has no statvfs). File systems change
 * slowly and df is a child process, so readings are refreshed every {@code refresh} and reused in
 * between. Pseudo file systems (proc, sysfs, cgroup, ...) are skipped.
 */
public final class FilesystemSource implements ReadingSource {

    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> MOUNTPOINT = AttributeKey.stringKey(AttributeKeys.MOUNTPOINT);
    private static final AttributeKey<String> TYPE = AttributeKey.stringKey(AttributeKeys.FILESYSTEM_TYPE);
    private static final AttributeKey<String> STATE = AttributeKey.stringKey(AttributeKeys.STATE);
    private static final Set<String> PSEUDO = Set.of("proc", "sysfs", "devpts", "cgroup", "cgroup2", "mqueue", "debugfs",
            "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "nsfs",
            "rpc_pipefs", "devtmpfs", "efivarfs", "selinuxfs", "ramfs", "nfsd", "fuse.gvfsd-fuse", "squashfs");

    private final Path mounts;
    private final Duration refresh;
    private final Clock clock;
    private List<Reading> cached = List.of();
    private long cachedAt = Long.MIN_VALUE;
    private long parseErrors;

    public FilesystemSource(Path procRoot, Duration refresh, Clock clock) {
        this.mounts = procRoot.resolve("self").resolve("mounts");
        this.refresh = refresh;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "filesystems";
    }

    @Override
    public synchronized List<Reading> read() throws IOException {
        long now = clock.millis();
        if (cachedAt != Long.MIN_VALUE && now - cachedAt < refresh.toMillis()) {
            return cached;
        }
        Map<String, long[]> inodes = inodes();
        List<Reading> readings = new ArrayList<>();
        ParseResult<Mount> parsed = parseMounts(Files.readAllBytes(mounts));
        parseErrors += parsed.warnings().size();
        for (Mount mount : parsed.rows()) {
            String device = mount.device();
            String mountpoint = mount.mountpoint();
            String type = mount.type();
            FileStore store;
            try {
                store = Files.getFileStore(mount.path());
            } catch (IOException | SecurityException e) {
                continue; // gone, or not ours to read
            }
            Attributes where = Attributes.of(DEVICE, device, MOUNTPOINT, mountpoint, TYPE, type);
            long total = store.getTotalSpace();
            long free = store.getUnallocatedSpace();
            long available = store.getUsableSpace();
            readings.add(Reading.gauge(MetricNames.FILESYSTEM_USAGE, "By", total - free, where.toBuilder().put(STATE, "used").build()));
            readings.add(Reading.gauge(MetricNames.FILESYSTEM_USAGE, "By", available, where.toBuilder().put(STATE, "free").build()));
            readings.add(Reading.gauge(MetricNames.FILESYSTEM_USAGE, "By", free - available,
                    where.toBuilder().put(STATE, "reserved").build()));
            long[] inode = inodes.get(mountpoint);
            if (inode != null && inode[0] > 0) {
                readings.add(Reading.gauge(MetricNames.FILESYSTEM_INODES_USAGE, "{inode}", inode[1],
                        where.toBuilder().put(STATE, "used").build()));
                readings.add(Reading.gauge(MetricNames.FILESYSTEM_INODES_USAGE, "{inode}", inode[2],
                        where.toBuilder().put(STATE, "free").build()));
            }
        }
        cached = List.copyOf(readings);
        cachedAt = now;
        return cached;
    }

    /** Mount point to {total, used, free} inodes, from {@code df -P -i}; empty when df fails. */
    Map<String, long[]> inodes() {
        Map<String, long[]> inodes = new HashMap<>();
        try {
            Process df = new ProcessBuilder("df", "-P", "-i").redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(df.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!df.waitFor(10, TimeUnit.SECONDS)) {
                df.destroyForcibly();
                return inodes;
            }
            return parseInodes(output);
        } catch (IOException e) {
            return inodes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return inodes;
    }

    /** A real (not pseudo) file system's mount, once per mount point. */
    public record Mount(String device, String mountpoint, String type, Path path) {}

    /**
     * /proc/self/mounts: real file systems, the first line per mount point. A line with fewer
     * than three fields, or whose mount point is not a path (a NUL byte: the kernel never writes
     * one, a damaged file might), is a warning; a byte that is not UTF-8 costs its line only.
     */
    public static ParseResult<Mount> parseMounts(byte[] content) {
        List<Mount> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> lines = ProcText.lines(content);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(" ");
            if (fields.length < 3) {
                warnings.add("mounts line " + (i + 1) + ": expected device, mount point and type, got '" + ProcText.quote(line) + "'");
                continue;
            }
            String mountpoint = unescape(fields[1]);
            if (PSEUDO.contains(fields[2]) || !seen.add(mountpoint)) {
                continue;
            }
            try {
                rows.add(new Mount(unescape(fields[0]), mountpoint, fields[2], Path.of(mountpoint)));
            } catch (java.nio.file.InvalidPathException e) {
                warnings.add("mounts line " + (i + 1) + ": mount point '" + ProcText.quote(mountpoint) + "' is not a path");
            }
        }
        return new ParseResult<>(rows, warnings);
    }

    /**
     * {@code df -P -i} output: mount point to {total, used, free} inodes. Lines that are not six
     * fields of which three whole non-negative counts are skipped: the header, "-" for file
     * systems without inodes, a mount point with spaces.
     */
    public static Map<String, long[]> parseInodes(String output) {
        Map<String, long[]> inodes = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            // Filesystem Inodes IUsed IFree IUse% Mounted-on
            if (fields.length != 6 || !isCount(fields[1]) || !isCount(fields[2]) || !isCount(fields[3])) {
                continue;
            }
            inodes.put(fields[5], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])});
        }
        return inodes;
    }

    /** ASCII digits that fit a long (df never prints a sign). */
    private static boolean isCount(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** /proc/self/mounts writes space, tab, newline and backslash as octal escapes. */
    static String unescape(String field) {
        return field.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }

    @Override
    public long parseErrors() {
        return parseErrors;
    }
}
