package dev.fathom.collectors.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses /proc/diskstats: {@code major minor name} then at least 11 counters (kernels since 4.18
 * add discard and flush counters, which are ignored). See the kernel's
 * Documentation/admin-guide/iostats.rst.
 */
public final class DiskStatsParser {

    /** major, minor, name and the 11 original counters. */
    private static final int MIN_FIELDS = 14;

    private DiskStatsParser() {}

    public static ParseResult<DiskStats> parse(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    /** Parses the file's text as read (e.g. through {@link PolledFiles}). */
    static ParseResult<DiskStats> parse(String text, String source) {
        return parse(List.of(text.split("\n", -1)), source);
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
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = source + " line " + (i + 1);
            String[] fields = fields(line);
            if (fields.length < MIN_FIELDS) {
                warnings.add(where + ": expected at least " + MIN_FIELDS + " fields, found " + fields.length + ", skipped: " + line);
                continue;
            }
            try {
                Long.parseLong(fields[0]);
                Long.parseLong(fields[1]);
                rows.add(new DiskStats(fields[2],
                        Long.parseUnsignedLong(fields[3]),   // reads completed
                        Long.parseUnsignedLong(fields[5]),   // sectors read
                        Long.parseUnsignedLong(fields[7]),   // writes completed
                        Long.parseUnsignedLong(fields[9]),   // sectors written
                        Long.parseUnsignedLong(fields[12]),  // ms doing I/O
                        Long.parseUnsignedLong(fields[4]),   // reads merged
                        Long.parseUnsignedLong(fields[8]),   // writes merged
                        Long.parseUnsignedLong(fields[6]),   // ms reading
                        Long.parseUnsignedLong(fields[10]),  // ms writing
                        Long.parseUnsignedLong(fields[11]))); // I/Os in flight now
            } catch (NumberFormatException e) {
                warnings.add(where + ": a field is not a number, skipped: " + line);
            }
        }
        return new ParseResult<>(rows, warnings);
    }
}
