package dev.fathom.collectors.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses /proc/net/dev: two header lines, then per interface {@code name:} followed by eight
 * receive counters (bytes packets errs drop fifo frame compressed multicast) and eight transmit
 * counters (bytes packets errs drop fifo colls carrier compressed).
 */
public final class ProcNetDevParser {

    private static final int FIELDS = 16;

    private ProcNetDevParser() {}

    public static ParseResult<NetDevStats> parse(Path file) throws IOException {
        return parse(Files.readAllLines(file), file.toString());
    }

    /** @param source the file name to put in warnings */
    public static ParseResult<NetDevStats> parse(List<String> lines, String source) {
        List<NetDevStats> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            // Header lines are the ones with column separators.
            if (line.isBlank() || line.contains("|")) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int colon = line.indexOf(':');
            if (colon < 0) {
                warnings.add(where + ": no 'interface:' prefix, skipped: " + line.strip());
                continue;
            }
            String device = line.substring(0, colon).strip();
            String[] fields = line.substring(colon + 1).strip().split("\\s+");
            if (device.isEmpty() || fields.length < FIELDS) {
                warnings.add(where + ": expected an interface name and " + FIELDS + " counters, skipped: " + line.strip());
                continue;
            }
            long[] counters = new long[FIELDS];
            try {
                for (int f = 0; f < FIELDS; f++) {
                    counters[f] = Long.parseUnsignedLong(fields[f]);
                }
            } catch (NumberFormatException e) {
                warnings.add(where + ": a counter is not a number, skipped: " + line.strip());
                continue;
            }
            rows.add(new NetDevStats(device,
                    counters[0], counters[1], counters[2], counters[3],
                    counters[8], counters[9], counters[10], counters[11]));
        }
        return new ParseResult<>(rows, warnings);
    }
}
