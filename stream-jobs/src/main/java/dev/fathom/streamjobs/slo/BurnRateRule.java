package dev.fathom.streamjobs.slo;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One multi-window burn-rate condition (SRE workbook, ch. 5): fires when the burn rate is at
 * least {@code factor} over both the long and the short window.
 *
 * @param severity "critical" (page) or "warning" (ticket)
 */
public record BurnRateRule(String severity, double factor, Duration longWindow, Duration shortWindow) implements Serializable {

    /** page: 14.4 over 1h and 5m, 6 over 6h and 30m; ticket: 3 over 1d and 2h, 1 over 3d and 6h. */
    public static final List<BurnRateRule> DEFAULTS = List.of(
            new BurnRateRule("critical", 14.4, Duration.ofHours(1), Duration.ofMinutes(5)),
            new BurnRateRule("critical", 6, Duration.ofHours(6), Duration.ofMinutes(30)),
            new BurnRateRule("warning", 3, Duration.ofDays(1), Duration.ofHours(2)),
            new BurnRateRule("warning", 1, Duration.ofDays(3), Duration.ofHours(6)));

    /** The windows every status row reports, in the order of slo_status' columns. */
    public static final List<Duration> REPORTED_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));

    /**
     * Parses {@code "critical:14.4:1h:5m, warning:3:1d:2h"} (the SLO annotation
     * {@code fathom.dev/burn-rate-alerts}).
     */
    public static List<BurnRateRule> parseList(String text) {
        List<BurnRateRule> rules = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] f = part.trim().split(":");
            if (f.length != 4) {
                throw new IllegalArgumentException("expected severity:factor:longWindow:shortWindow (e.g. critical:14.4:1h:5m), got '" + part.trim() + "'");
            }
            if (!f[0].equals("critical") && !f[0].equals("warning")) {
                throw new IllegalArgumentException("severity must be critical (page) or warning (ticket), got '" + f[0] + "'");
            }
            double factor;
            try {
                factor = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("burn-rate factor must be a number, got '" + f[1] + "'");
            }
            Duration longWindow = Durations.parse(f[2]);
            Duration shortWindow = Durations.parse(f[3]);
            if (shortWindow.compareTo(longWindow) > 0) {
                throw new IllegalArgumentException("the short window " + f[3] + " is longer than the long window " + f[2]);
            }
            rules.add(new BurnRateRule(f[0], factor, longWindow, shortWindow));
        }
        return rules;
    }
}
