package dev.fathom.collectors.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the config's durations ("500ms", "10s", "2m", "1h", "PT5S") and sizes ("256MiB", "1GB", 65536). */
public final class ConfigValues {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

    private ConfigValues() {}

    public static Duration duration(String text) {
        Duration parsed = parseDuration(text);
        if (parsed != null) {
            try {
                parsed.toNanos(); // timers and executors take nanoseconds
                return parsed;
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(quoted(text) + " is too long: at most 292 years");
            }
        }
        throw new IllegalArgumentException(quoted(text) + " is not a duration: use e.g. 500ms, 10s, 2m, 1h or PT5S");
    }

    private static Duration parseDuration(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2).strip()));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1).strip());
            switch (value.charAt(value.length() - 1)) {
                case 's': return Duration.ofSeconds(amount);
                case 'm': return Duration.ofMinutes(amount);
                case 'h': return Duration.ofHours(amount);
                default: break;
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            return null; // a too large number is not a duration either
        } catch (ArithmeticException e) {
            return Duration.ofSeconds(Long.MAX_VALUE); // too long: refused by the nanoseconds check
        }
        return null;
    }

    public static long bytes(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(quoted(text) + " is not a size: use e.g. 65536, 512KiB, 256MiB or 1GiB");
        }
        String tooLarge = quoted(text) + " is too large: at most 8EiB";
        String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "KB" -> 1000L;
            case "KIB" -> 1024L;
            case "MB" -> 1000L * 1000;
            case "MIB" -> 1024L * 1024;
            case "GB" -> 1000L * 1000 * 1000;
            case "GIB" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(tooLarge);
        }
    }

    /** A value for a message: quoted, cut to 80 characters so a megabyte value makes a one-line message. */
    static String quoted(String text) {
        return "'" + (text.length() > 80 ? text.substring(0, 80) + "...(" + text.length() + " characters)" : text) + "'";
    }

    static Duration positive(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }
}
