package dev.fathom.cli.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads --from and --to: a date (2026-11-01) means that whole day in UTC, so "--from 2026-11-01
 * --to 2026-11-30" is all of November; an ISO 8601 instant (2026-11-01T06:00:00Z) is exact.
 */
final class PeriodBound {

    private PeriodBound() {}

    static Instant start(String text, String flag) {
        return parse(text, flag, false);
    }

    static Instant end(String text, String flag) {
        return parse(text, flag, true);
    }

    private static Instant parse(String text, String flag, boolean endOfDay) {
        String value = text.trim();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + " '" + text + "' is neither a date (2026-11-01) nor an ISO 8601 UTC time (2026-11-01T06:00:00Z)");
        }
    }
}
