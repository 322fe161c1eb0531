package dev.fathom.dashboard.format;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How every view writes numbers with units. A missing value (NaN) is written as {@link #MISSING},
 * never as 0 or "NaN", so an unreported metric cannot be mistaken for an idle GPU.
 */
public final class UnitFormat {

    public static final String MISSING = "–";

    private static final double GIB = 1024.0 * 1024 * 1024;

    private UnitFormat() {}

    /** A share 0..1 as a whole percentage: 0.634 is "63 %". */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? MISSING : format("%.0f %%", fraction * 100);
    }

    /** Used and total memory in GiB: "37.3 / 79.6 GiB"; "–" when neither is known. */
    public static String memory(double usedBytes, double totalBytes) {
        if (Double.isNaN(usedBytes) && Double.isNaN(totalBytes)) {
            return MISSING;
        }
        return gibibytes(usedBytes) + " / " + gibibytes(totalBytes) + " GiB";
    }

    private static String gibibytes(double bytes) {
        return Double.isNaN(bytes) ? MISSING : format("%.1f", bytes / GIB);
    }

    /** Power of one GPU or of the fleet: "347 W", and from 10 kW on "12.4 kW". */
    public static String watts(double watts) {
        if (Double.isNaN(watts)) {
            return MISSING;
        }
        return Math.abs(watts) >= 10_000 ? format("%.1f kW", watts / 1000) : format("%.0f W", watts);
    }

    public static String celsius(double degrees) {
        return Double.isNaN(degrees) ? MISSING : format("%.0f °C", degrees);
    }

    /** How long before {@code now} something was seen: "12 s ago", "4 min ago", "2 h ago". */
    public static String age(Instant seen, Instant now) {
        if (seen == null) {
            return MISSING;
        }
        long seconds = Math.max(0, Duration.between(seen, now).toSeconds());
        if (seconds < 120) {
            return seconds + " s ago";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + " min ago";
        }
        return seconds / 3600 + " h ago";
    }

    /** A count that cannot be missing, grouped for reading: "1,024". */
    public static String count(long n) {
        return format("%,d", n);
    }

    private static String format(String pattern, Object... args) {
        // Locale.ROOT: the same text on every server, whatever its default locale.
        return String.format(Locale.ROOT, pattern, args);
    }
}
