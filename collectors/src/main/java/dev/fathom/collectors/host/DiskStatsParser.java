package dev.fathom.collectors.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses /proc/diskstats: {@code major minor name} then at least 11 counters (kernels since 4.18
 * add discard and flush counters, which are ignored). See the kernel's
 * Documentation/admin-guide/iostats.rst. Counters are unsigned 64-bit, held in longs (see
 * {@link Long#toUnsignedString}). A line that is not that is skipped with a warning naming the
 * file and line; the other lines are still read. A device has one line: a second one is skipped
 * too (recorded twice, the same series would be summed into nonsense).
 */
public final class DiskStatsParser {

    /** major, minor, name and the 11 original counters. */
    private static final int MIN_FIELDS = 14;
    /** Twice the kernel's DISK_NAME_LEN (32), room for any partition or device-mapper name. */
    static final int MAX_NAME = 64;

    private DiskStatsParser() {}

    public static ParseResult<DiskStats> parse(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The file's bytes as read; bytes that are not UTF-8 cost their line only. */
    public static ParseResult<DiskStats> parse(byte[] content, String source) {
        return parse(ProcText.lines(content), source);
    }

    /** Parses the file's text as read (e.g. through {@link PolledFiles}). */
    static ParseResult<DiskStats> parse(String text, String source) {
        return parse(java.util.Arrays.asList(text.split("\n", -1)), source);
    }

    /** The line's fields split at runs of white space (the line is stripped): String.split without a regex. */
    static String[] fields(String line) {
        List<String> fields = new ArrayList<>(20);
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                fields.add(line.substring(start, i));
            }
        }
        return fields.toArray(new String[0]);
    }

    /** @param source the file name to put in warnings */
    public static ParseResult<DiskStats> parse(List<String> lines, String source) {
        List<DiskStats> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = fields(line);
            if (fields.length < MIN_FIELDS) {
                warnings.add(where + ": expected at least " + MIN_FIELDS + " fields, found " + fields.length + ", skipped: "
                        + ProcText.quote(line));
                continue;
            }
            if (!ProcText.isName(fields[2], MAX_NAME)) {
                warnings.add(where + ": the device name is not 1 to " + MAX_NAME + " characters without control characters, skipped: "
                        + ProcText.quote(line));
                continue;
            }
            try {
                ProcText.counter(fields[0]); // major
                ProcText.counter(fields[1]); // minor
                DiskStats disk = new DiskStats(fields[2],
                        ProcText.counter(fields[3]),   // reads completed
                        ProcText.counter(fields[5]),   // sectors read
                        ProcText.counter(fields[7]),   // writes completed
                        ProcText.counter(fields[9]),   // sectors written
                        ProcText.counter(fields[12]),  // ms doing I/O
                        ProcText.counter(fields[4]),   // reads merged
                        ProcText.counter(fields[8]),   // writes merged
                        ProcText.counter(fields[6]),   // ms reading
                        ProcText.counter(fields[10]),  // ms writing
                        ProcText.counter(fields[11])); // I/Os in flight now
                Integer first = firstLine.putIfAbsent(disk.device(), i + 1);
                if (first != null) {
                    warnings.add(where + ": device " + disk.device() + " again (first on line " + first + "), skipped: "
                            + ProcText.quote(line));
                    continue;
                }
                rows.add(disk);
            } catch (NumberFormatException e) {
                warnings.add(where + ": " + e.getMessage() + ", skipped: " + ProcText.quote(line));
            }
        }
        return new ParseResult<>(rows, warnings);
    }
}
