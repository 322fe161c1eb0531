package dev.fathom.alerts.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration strings: {@code 30s}, {@code 5m}, {@code 4h}, {@code 1h30m}, {@code 100ms}, {@code 1d}, {@code 1w}. */
public final class Durations {

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

    private Durations() {}

    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text.trim()).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 30s, 5m, 4h, 1h30m, 100ms, 1d");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text.trim());
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                case "w" -> Duration.ofDays(7 * n);
                default -> Duration.ofDays(365 * n);
            });
        }
        return total;
    }

    /** The shortest Prometheus spelling, e.g. {@code 5m}, {@code 1h30m}, {@code 0s}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] sizes = {3_600_000L, 60_000L, 1000L, 1L};
        String[] units = {"h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                out.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return out.toString();
    }
}
