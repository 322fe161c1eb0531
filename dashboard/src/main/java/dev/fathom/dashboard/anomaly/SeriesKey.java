package dev.fathom.dashboard.anomaly;

import java.util.Optional;

/**
 * The series a link to the anomalies view selects: {@code series=metric|host|id}, the id as an
 * unsigned 64-bit number. The metric ends at the first bar and the id starts after the last, so a
 * host name with a bar in it still reads back.
 */
public record SeriesKey(String metric, String host, long seriesId) {

    /** The key in a URL, or empty when {@code text} is not one. */
    public static Optional<SeriesKey> parse(String text) {
        int first = text.indexOf('|');
        int last = text.lastIndexOf('|');
        if (first < 0 || first == last) {
            return Optional.empty();
        }
        String id = text.substring(last + 1);
        // parseUnsignedLong allows a leading '+'; the key never has one.
        if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SeriesKey(text.substring(0, first), text.substring(first + 1, last), Long.parseUnsignedLong(id)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // more than 64 bits
        }
    }

    @Override
    public String toString() {
        return metric + "|" + host + "|" + Long.toUnsignedString(seriesId);
    }
}
