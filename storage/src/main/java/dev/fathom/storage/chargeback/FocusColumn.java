package dev.fathom.storage.chargeback;

/**
 * One column of the export: its FOCUS name (or an {@code x_} name of Fathom's own), the FOCUS
 * data type its values follow, and whether FOCUS 1.2 makes it mandatory.
 */
public record FocusColumn(String name, Type type, boolean mandatory) {

    /** FOCUS data types, as the specification's column tables name them. */
    public enum Type { STRING, DECIMAL, DATE_TIME, JSON }

    /** A column Fathom adds; FOCUS asks custom columns to start with {@code x_}. */
    public boolean custom() {
        return name.startsWith("x_");
    }
}
