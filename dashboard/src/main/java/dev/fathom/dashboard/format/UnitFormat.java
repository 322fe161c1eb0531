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

    /** Money in the ledger's currency, to the cent: "1,234.57 USD". */
    public static String money(java.math.BigDecimal amount, String currency) {
        if (amount == null) {
            return MISSING;
        }
        String number = format("%,.2f", amount.setScale(2, java.math.RoundingMode.HALF_EVEN));
        return currency == null || currency.isEmpty() ? number : number + " " + currency;
    }

    /** A change against a previous value: "+12.5 %", "−3.0 %"; "new" when there was nothing before. */
    public static String change(java.math.BigDecimal now, java.math.BigDecimal before) {
        if (now == null || before == null) {
            return MISSING;
        }
        if (before.signum() == 0) {
            return now.signum() == 0 ? "0.0 %" : "new";
        }
        double ratio = now.subtract(before).doubleValue() / before.doubleValue() * 100;
        return format("%+.1f %%", ratio);
    }

    public static String kilowattHours(double kwh) {
        return Double.isNaN(kwh) ? MISSING : format("%,.1f kWh", kwh);
    }

    public static String kilograms(double kg) {
        return Double.isNaN(kg) ? MISSING : format("%,.1f kg", kg);
    }

    public static String hours(double hours) {
        return Double.isNaN(hours) ? MISSING : format("%,.1f h", hours);
    }

    /** A plain number with up to {@code decimals} decimals: drift statistics, burn rates, scores. */
    public static String number(double value, int decimals) {
        return Double.isNaN(value) ? MISSING : format("%." + decimals + "f", value);
    }

    /** A UTC time to the second: "2026-11-29 12:00:05". */
    public static String time(java.time.Instant instant) {
        if (instant == null) {
            return MISSING;
        }
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC).format(instant);
    }
}
