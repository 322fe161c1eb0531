package dev.fathom.collectors.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the NFS mounts of {@code /proc/self/mountstats} (statvers 1.0 and 1.1): per mount the
 * {@code bytes:} line (normal/direct/server read and write bytes) and the per-op statistics
 * ({@code READ: ops trans timeouts bytes_sent bytes_recv queue_ms rtt_ms execute_ms [errors]}).
 * Mounts of other file systems are skipped; a malformed NFS line is a warning naming its line, and
 * the mount's other lines are still read. Counters are unsigned 64-bit, held in longs (see
 * {@link Long#toUnsignedString}).
 */
public final class NfsMountStatsParser {

    /** One NFS mount's cumulative counters. */
    public record NfsMount(String device, String mountpoint, String fstype, long serverReadBytes, long serverWriteBytes,
            long normalReadBytes, long normalWriteBytes, Map<String, NfsOperation> operations) {}

    /** One RPC operation's cumulative counters. */
    public record NfsOperation(long operations, long transmissions, long timeouts, long bytesSent, long bytesReceived,
            long queueMillis, long rttMillis, long executeMillis) {}

    /** The kernel prints 8 byte counters; the 6 read here are the first ones. */
    private static final int BYTES_COUNTERS = 6;
    /** ops trans timeouts bytes_sent bytes_recv queue rtt execute, then errors on newer kernels. */
    private static final int OPERATION_COUNTERS = 8;
    /** The longest NFSv4 operation name (e.g. GET_DEVICE_LIST, TEST_STATEID) is far shorter. */
    private static final int MAX_OPERATION_NAME = 64;

    private NfsMountStatsParser() {}

    /** The file's bytes as read; bytes that are not UTF-8 cost their line only. */
    public static ParseResult<NfsMount> parse(byte[] content, String source) {
        return parse(ProcText.lines(content), source);
    }

    public static ParseResult<NfsMount> parse(List<String> lines, String source) {
        List<NfsMount> mounts = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String device = null;
        String mountpoint = null;
        String fstype = null;
        long[] bytes = null;
        Map<String, NfsOperation> operations = null;
        boolean inOps = false;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : null;
            if (line == null || line.startsWith("device ")) {
                if (fstype != null && fstype.startsWith("nfs")) {
                    mounts.add(new NfsMount(device, mountpoint, fstype, bytes == null ? 0 : bytes[4], bytes == null ? 0 : bytes[5],
                            bytes == null ? 0 : bytes[0], bytes == null ? 0 : bytes[1], operations));
                }
                fstype = null;
                if (line == null) {
                    break;
                }
                // device SERVER:/export mounted on /mnt/x with fstype nfs4 statvers=1.1
                String[] words = line.split(" ");
                int on = indexOf(words, "on");
                int with = indexOf(words, "with");
                if (words.length < 8 || on < 0 || with < on || !words[on - 1].equals("mounted") || with + 2 >= words.length) {
                    warnings.add(source + " line " + (i + 1) + ": not a 'device ... mounted on ... with fstype ...' line, skipped: "
                            + ProcText.quote(line));
                    continue;
                }
                device = FilesystemSource.unescape(words[1]);
                mountpoint = FilesystemSource.unescape(String.join(" ", java.util.Arrays.copyOfRange(words, on + 1, with)));
                fstype = words[with + 2];
                bytes = null;
                operations = new LinkedHashMap<>();
                inOps = false;
                continue;
            }
            if (fstype == null || !fstype.startsWith("nfs")) {
                continue;
            }
            String trimmed = line.strip();
            String where = source + " line " + (i + 1);
            if (trimmed.startsWith("bytes:")) {
                try {
                    bytes = counters(trimmed.substring(6), BYTES_COUNTERS);
                } catch (NumberFormatException e) {
                    warnings.add(where + ": bytes: " + e.getMessage() + ", skipped: " + ProcText.quote(trimmed));
                }
            } else if (trimmed.equals("per-op statistics")) {
                inOps = true;
            } else if (inOps && trimmed.contains(":")) {
                String op = trimmed.substring(0, trimmed.indexOf(':'));
                if (!ProcText.isName(op, MAX_OPERATION_NAME)) {
                    warnings.add(where + ": the operation name is not 1 to " + MAX_OPERATION_NAME
                            + " characters without white space, skipped: " + ProcText.quote(trimmed));
                    continue;
                }
                try {
                    long[] values = counters(trimmed.substring(trimmed.indexOf(':') + 1), OPERATION_COUNTERS);
                    operations.put(op, new NfsOperation(values[0], values[1], values[2], values[3], values[4],
                            values[5], values[6], values[7]));
                } catch (NumberFormatException e) {
                    warnings.add(where + ": " + op + ": " + e.getMessage() + ", skipped: " + ProcText.quote(trimmed));
                }
            }
        }
        return new ParseResult<>(mounts, warnings);
    }

    private static int indexOf(String[] words, String word) {
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(word)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The line's counters, at least {@code min} of them.
     *
     * @throws NumberFormatException saying what is wrong
     */
    private static long[] counters(String text, int min) {
        String[] parts = DiskStatsParser.fields(text);
        if (parts.length < min) {
            throw new NumberFormatException("expected at least " + min + " counters, found " + parts.length);
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = ProcText.counter(parts[i]);
        }
        return values;
    }
}
