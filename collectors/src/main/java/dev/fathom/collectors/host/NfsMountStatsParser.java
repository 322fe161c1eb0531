package dev.fathom.collectors.host;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the NFS mounts of {@code /proc/self/mountstats} (statvers 1.0 and 1.1): per mount the
 * {@code bytes:} line (normal/direct/server read and write bytes) and the per-op statistics
 * ({@code READ: ops trans timeouts bytes_sent bytes_recv queue_ms rtt_ms execute_ms [errors]}).
 * Mounts of other file systems are skipped; a malformed NFS line is a warning naming its line.
 */
public final class NfsMountStatsParser {

    /** One NFS mount's cumulative counters. */
    public record NfsMount(String device, String mountpoint, String fstype, long serverReadBytes, long serverWriteBytes,
            long normalReadBytes, long normalWriteBytes, Map<String, NfsOperation> operations) {}

    /** One RPC operation's cumulative counters. */
    public record NfsOperation(long operations, long transmissions, long timeouts, long bytesSent, long bytesReceived,
            long queueMillis, long rttMillis, long executeMillis) {}

    private NfsMountStatsParser() {}

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
                    warnings.add(source + " line " + (i + 1) + ": not a 'device ... mounted on ... with fstype ...' line");
                    continue;
                }
                device = words[1];
                mountpoint = String.join(" ", java.util.Arrays.copyOfRange(words, on + 1, with)).replace("\\040", " ");
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
            if (trimmed.startsWith("bytes:")) {
                long[] values = numbers(trimmed.substring(6));
                if (values == null || values.length < 6) {
                    warnings.add(source + " line " + (i + 1) + ": bytes: needs 8 numbers");
                } else {
                    bytes = values;
                }
            } else if (trimmed.equals("per-op statistics")) {
                inOps = true;
            } else if (inOps && trimmed.contains(":")) {
                String op = trimmed.substring(0, trimmed.indexOf(':'));
                long[] values = numbers(trimmed.substring(trimmed.indexOf(':') + 1));
                if (values == null || values.length < 8) {
                    warnings.add(source + " line " + (i + 1) + ": " + op + ": needs at least 8 numbers");
                } else {
                    operations.put(op, new NfsOperation(values[0], values[1], values[2], values[3], values[4],
                            values[5], values[6], values[7]));
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

    private static long[] numbers(String text) {
        String[] parts = text.strip().split("\\s+");
        long[] values = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                values[i] = Long.parseUnsignedLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return values;
    }
}
