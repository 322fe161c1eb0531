package dev.fathom.collectors.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses /proc/net/dev: two header lines, then per interface {@code name:} followed by eight
 * receive counters (bytes packets errs drop fifo frame compressed multicast) and eight transmit
 * counters (bytes packets errs drop fifo colls carrier compressed). Counters are unsigned 64-bit,
 * held in longs (see {@link Long#toUnsignedString}). A line that is not that is skipped with a
 * warning naming the file and line; the other lines are still read. An interface has one line: a
 * second one is skipped too (recorded twice, the same series would be summed into nonsense).
 */
public final class ProcNetDevParser {

    private static final int FIELDS = 16;
    /** The kernel's IFNAMSIZ is 16 bytes with the terminating NUL. */
    static final int MAX_NAME = 15;
    /** The header is the first two lines; a '|' anywhere else is a bad line, not a header. */
    private static final int HEADER_LINES = 2;

    private ProcNetDevParser() {}

    public static ParseResult<NetDevStats> parse(Path file) throws IOException {
        return parse(Files.readAllBytes(file), file.toString());
    }

    /** The file's bytes as read; bytes that are not UTF-8 cost their line only. */
    public static ParseResult<NetDevStats> parse(byte[] content, String source) {
        return parse(ProcText.lines(content), source);
    }

    /** @param source the file name to put in warnings */
    public static ParseResult<NetDevStats> parse(List<String> lines, String source) {
        List<NetDevStats> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || (i < HEADER_LINES && line.contains("|"))) {
                continue;
            }
            String where = source + " line " + (i + 1);
            int colon = line.indexOf(':');
            if (colon < 0) {
                warnings.add(where + ": no 'interface:' prefix, skipped: " + ProcText.quote(line.strip()));
                continue;
            }
            String device = line.substring(0, colon).strip();
            if (!ProcText.isName(device, MAX_NAME)) {
                warnings.add(where + ": the interface name is not 1 to " + MAX_NAME
                        + " characters without white space or control characters, skipped: " + ProcText.quote(line.strip()));
                continue;
            }
            String[] fields = DiskStatsParser.fields(line.substring(colon + 1));
            if (fields.length < FIELDS) {
                warnings.add(where + ": expected an interface name and " + FIELDS + " counters, found " + fields.length
                        + ", skipped: " + ProcText.quote(line.strip()));
                continue;
            }
            long[] counters = new long[FIELDS];
            try {
                for (int f = 0; f < FIELDS; f++) {
                    counters[f] = ProcText.counter(fields[f]);
                }
            } catch (NumberFormatException e) {
                warnings.add(where + ": " + e.getMessage() + ", skipped: " + ProcText.quote(line.strip()));
                continue;
            }
            Integer first = firstLine.putIfAbsent(device, i + 1);
            if (first != null) {
                warnings.add(where + ": interface " + device + " again (first on line " + first + "), skipped: "
                        + ProcText.quote(line.strip()));
                continue;
            }
            rows.add(new NetDevStats(device,
                    counters[0], counters[1], counters[2], counters[3],
                    counters[8], counters[9], counters[10], counters[11]));
        }
        return new ParseResult<>(rows, warnings);
    }
}
