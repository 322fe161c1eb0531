package dev.fathom.cli.up;

import dev.fathom.collectors.gpu.Fault;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One {@code --fault} of {@code fathom up}: which fault, on which simulated node, when it starts
 * and how long it lasts, written {@code FAULT:NODE:AFTER:DURATION}, e.g.
 * {@code thermal-throttling:sim-node-02:2m:10m}.
 */
public record FaultSchedule(Fault fault, String node, Duration after, Duration duration) {

    public static FaultSchedule parse(String text) {
        String[] parts = text.split(":");
        if (parts.length != 4) {
            throw new IllegalArgumentException("--fault '" + text + "' must be FAULT:NODE:AFTER:DURATION, e.g. thermal-throttling:sim-node-02:2m:10m");
        }
        Fault fault;
        try {
            fault = Fault.valueOf(parts[0].trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fault '" + text + "': unknown fault '" + parts[0] + "', use one of "
                    + Arrays.stream(Fault.values()).map(f -> f.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                            .collect(Collectors.joining(", ")));
        }
        return new FaultSchedule(fault, parts[1].trim(), duration(parts[2], text), duration(parts[3], text));
    }

    private static Duration duration(String value, String text) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> null;
            };
            if (d != null && !d.isNegative()) {
                return d;
            }
        } catch (RuntimeException e) {
            // reported below
        }
        throw new IllegalArgumentException("--fault '" + text + "': '" + value + "' is not a duration such as 30s, 2m or 1h");
    }

    public String describe() {
        return fault.name().toLowerCase(Locale.ROOT).replace('_', '-') + " on " + node + " after " + after.toSeconds()
                + " s for " + duration.toSeconds() + " s";
    }
}
