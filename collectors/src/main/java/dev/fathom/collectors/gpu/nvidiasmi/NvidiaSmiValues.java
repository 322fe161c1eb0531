package dev.fathom.collectors.gpu.nvidiasmi;

import java.util.Locale;

/**
 * Reads the values nvidia-smi prints: numbers with or without a unit ("81559 MiB", "433.78 W",
 * "16x", "0x1"), flags ("Active", "Yes", "Enabled") and the many ways it says "no value"
 * ("[N/A]", "N/A", "[Not Supported]", "[Unknown Error]", "[Requested functionality has been
 * deprecated]"...). A missing value is NaN, not an error; text that is neither a value nor a
 * known "no value" is an error the caller counts.
 */
public final class NvidiaSmiValues {

    private NvidiaSmiValues() {}

    /** True for every way nvidia-smi says there is no value. */
    public static boolean isMissing(String raw) {
        if (raw == null) {
            return true;
        }
        String value = raw.strip();
        if (value.isEmpty() || value.startsWith("[") || value.equals("-")) {
            return true;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.equals("n/a") || lower.equals("not supported") || lower.equals("unknown error")
                || lower.equals("none") || lower.equals("insufficient permissions") || lower.equals("gpu is lost");
    }

    /**
     * The number in {@code raw}, without its unit; NaN when nvidia-smi printed no value.
     *
     * @throws IllegalArgumentException when the text is not a number
     */
    public static double number(String raw) {
        if (isMissing(raw)) {
            return Double.NaN;
        }
        String value = raw.strip();
        int space = value.indexOf(' ');
        if (space > 0) {
            value = value.substring(0, space);
        }
        if (value.endsWith("x") && value.length() > 1 && !value.startsWith("0x")) {
            value = value.substring(0, value.length() - 1); // link width "16x"
        }
        if (value.endsWith("%")) {
            value = value.substring(0, value.length() - 1);
        }
        try {
            if (value.startsWith("0x") || value.startsWith("0X")) {
                return Long.parseUnsignedLong(value.substring(2), 16);
            }
            double number = Double.parseDouble(value);
            if (Double.isInfinite(number)) {
                throw new NumberFormatException("infinite");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + raw.strip() + "' is not a number");
        }
    }

    /**
     * 1 for Active / Yes / Enabled / On, 0 for Not Active / No / Disabled / Off; NaN when missing.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static double flag(String raw) {
        if (isMissing(raw)) {
            return Double.NaN;
        }
        switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "active": case "yes": case "enabled": case "on": case "1":
                return 1;
            case "not active": case "no": case "disabled": case "off": case "0":
                return 0;
            default:
                throw new IllegalArgumentException("'" + raw.strip() + "' is not a flag (Active/Not Active, Yes/No)");
        }
    }

    /** The text, or null when nvidia-smi printed no value. */
    public static String text(String raw) {
        return isMissing(raw) ? null : raw.strip();
    }
}
