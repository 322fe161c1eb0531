package dev.fathom.collectors.host;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the /proc parsers share: how a file's bytes become lines, what a counter field may hold,
 * and how much of a bad line a warning quotes.
 */
final class ProcText {

    /** A warning quotes at most this many characters of the line it skips: a 100 kB line must not become a 100 kB log line. */
    static final int QUOTE_LIMIT = 200;
    /** 18446744073709551615, the largest unsigned 64-bit counter, has 20 digits. */
    private static final int MAX_COUNTER_DIGITS = 20;

    private ProcText() {}

    /**
     * The file's lines (split at '\n', as the kernel writes them). Bytes that are not UTF-8 become
     * U+FFFD instead of failing the whole file, so a stray byte in one name costs that line only.
     */
    static List<String> lines(byte[] content) {
        return Arrays.asList(new String(content, StandardCharsets.UTF_8).split("\n", -1));
    }

    /**
     * An unsigned 64-bit counter as the kernel prints it (%llu: ASCII digits only, no sign), as a
     * long holding its bits (read it with {@link Long#toUnsignedString} or {@link #unsignedToDouble}).
     *
     * @throws NumberFormatException naming the field when it is anything else
     */
    static long counter(String field) {
        if (field.isEmpty() || field.length() > MAX_COUNTER_DIGITS) {
            throw new NumberFormatException("'" + quote(field) + "' is not an unsigned 64-bit counter");
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("'" + quote(field) + "' is not an unsigned 64-bit counter");
            }
        }
        try {
            return Long.parseUnsignedLong(field);
        } catch (NumberFormatException e) {
            throw new NumberFormatException("'" + field + "' is larger than an unsigned 64-bit counter");
        }
    }

    /** The unsigned 64-bit value held in {@code bits} as a double (exact up to 2^53, close beyond). */
    static double unsignedToDouble(long bits) {
        return bits >= 0 ? bits : ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    /** True when {@code name} is 1 to {@code max} characters with no white space or control character. */
    static boolean isName(String name, int max) {
        if (name.isEmpty() || name.length() > max) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** The text for a warning: cut at {@link #QUOTE_LIMIT} characters, saying how long it was. */
    static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? text
                : text.substring(0, QUOTE_LIMIT) + "... (" + text.length() + " characters)";
    }
}
