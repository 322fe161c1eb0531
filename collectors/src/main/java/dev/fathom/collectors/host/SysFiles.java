package dev.fathom.collectors.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one-value files of /sys. */
final class SysFiles {

    private SysFiles() {}

    /** The number in the file, NaN when it is absent or cannot be read (e.g. speed of a link that is down: EINVAL). */
    static double number(Path file) {
        try {
            return strictNumber(file);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /**
     * The number in the file, NaN when it is absent or unreadable.
     *
     * @throws IllegalArgumentException when it holds something that is not a number
     */
    static double strictNumber(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return Double.NaN;
        }
        if (!text.matches("-?\\d+")) {
            throw new IllegalArgumentException(file + ": '" + text + "' is not a number");
        }
        // Counters are unsigned 64-bit; a double holds them exactly up to 2^53, ample for rates.
        return new java.math.BigInteger(text).doubleValue();
    }

    /** The first line of the file, or null. */
    static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
