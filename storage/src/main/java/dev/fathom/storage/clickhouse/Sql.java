package dev.fathom.storage.clickhouse;

import java.time.Instant;
import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Literals for SQL text. ClickHouse 18.16 has no server-side query parameters, so every value a
 * user can influence goes through one of these before it reaches a statement.
 */
public final class Sql {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private Sql() {}

    /** A single-quoted string literal with backslashes and quotes escaped. */
    public static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\'' -> out.append("\\'");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\0' -> out.append("\\0");
                default -> out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A parenthesised list of string literals for {@code IN}. */
    public static String stringList(Collection<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return values.stream().map(Sql::string).collect(Collectors.joining(", ", "(", ")"));
    }

    /** A DateTime literal for a UTC instant, to the second. */
    public static String dateTime(Instant instant) {
        return "toDateTime(" + instant.getEpochSecond() + ", 'UTC')";
    }

    /** A table or column name, checked rather than quoted: names come from code, never from users. */
    public static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }
}
